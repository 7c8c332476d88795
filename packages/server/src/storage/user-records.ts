/** Records of the user context (issue 3): users, sessions, codes and refresh-token families. */

export interface BusinessUnitMembership {
  readonly mid: number;
  /** Scope ids the user holds in this BU, catalogue order. */
  readonly permissions: readonly string[];
}

export interface User {
  readonly id: number;
  readonly tenantId: string;
  readonly username: string;
  readonly email: string | null;
  readonly administerPackages: boolean;
  readonly businessUnits: readonly BusinessUnitMembership[];
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface LoginSession {
  readonly idHash: string;
  readonly tenantId: string;
  readonly userId: number;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly endedAt: number | null;
}

/** Everything issued from one authorization: its code, every refresh token and access token. */
export interface TokenFamily {
  readonly id: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly userId: number;
  /** The login session the authorization came from (logout ends non-offline families). */
  readonly sessionHash: string | null;
  /** Scopes granted at authorization: requested ∩ integration ∩ the user's permissions. */
  readonly scopes: readonly string[];
  readonly offline: boolean;
  readonly createdAt: number;
  readonly revokedAt: number | null;
}

export interface AuthorizationCode {
  readonly codeHash: string;
  readonly familyId: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly userId: number;
  readonly mid: number;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  /** S256 challenge, when the authorize request carried one. */
  readonly codeChallenge: string | null;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly usedAt: number | null;
}

export type RefreshTokenState = 'active' | 'rotated' | 'revoked';

export interface RefreshTokenRecord {
  readonly tokenHash: string;
  readonly familyId: string;
  readonly mid: number;
  readonly state: RefreshTokenState;
  readonly createdAt: number;
  readonly expiresAt: number;
  /** When the token was rotated (state `rotated`), else null. */
  readonly rotatedAt: number | null;
  /** SHA-256 hex of the request that rotated it, else null. */
  readonly rotatedByRequest: string | null;
}

/** How a refresh token was rotated: stored with it to tell a client's retry from a reuse. */
export interface RefreshTokenRotation {
  readonly rotatedAt: number;
  readonly requestHash: string;
}
