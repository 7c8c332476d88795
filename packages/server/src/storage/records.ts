/** What repositories return: camelCase records of the domain, independent of the driver. */

export type IntegrationType = 'server-to-server' | 'web-app' | 'public-app';
export const INTEGRATION_TYPES: readonly IntegrationType[] = ['server-to-server', 'web-app', 'public-app'];

export interface Tenant {
  readonly id: string;
  readonly subdomain: string;
  readonly eid: number;
  readonly name: string;
  readonly createdAt: number;
}

export interface BusinessUnit {
  readonly mid: number;
  readonly tenantId: string;
  readonly name: string;
  readonly parentMid: number | null;
  readonly createdAt: number;
}

export interface InstalledPackage {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly description: string;
  readonly mid: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface Integration {
  readonly packageId: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly integrationType: IntegrationType;
  readonly scopes: readonly string[];
  readonly redirectUris: readonly string[];
  readonly accessAll: boolean;
  /** BUs enabled on the Access tab (S2S); ignored when `accessAll`. */
  readonly accessMids: readonly number[];
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** `revoked`: a leaked secret, disabled with every access token it issued (issue 14). */
export type SecretState = 'active' | 'staged' | 'retired' | 'revoked';

/** What inserting a secret needs; the governance fields default (ordinal: next for the client). */
export interface NewClientSecret {
  readonly id: string;
  readonly clientId: string;
  readonly secretHash: string;
  readonly state: SecretState;
  readonly createdAt: number;
  readonly usableAt: number;
  readonly expiresAt: number;
  readonly description?: string;
  readonly origin?: SecretOrigin;
  readonly activatedAt?: number | null;
}

/** `integration`: created with the integration; `generate`: staged by a Generate. */
export type SecretOrigin = 'integration' | 'generate';

export interface ClientSecretRecord extends NewClientSecret {
  /** 0, 1, 2… per client; access tokens carry it (see tokens/secret-tag.ts). */
  readonly ordinal: number;
  readonly description: string;
  readonly origin: SecretOrigin;
  readonly activatedAt: number | null;
  /** A retired secret keeps authenticating until then (grace chosen at activation). */
  readonly graceEndsAt: number | null;
  readonly revokedAt: number | null;
}

export interface SigningKeyRecord {
  readonly kid: string;
  readonly alg: string;
  readonly privateJwk: string;
  readonly publicJwk: string;
  /** `retired`: left the JWKS for good; its private key is erased (`privateJwk` empty). */
  readonly state: 'active' | 'retired';
  readonly createdAt: number;
  /** 1 for the first key, then +1 per rotation (unique in the store). */
  readonly generation: number;
  /** Epoch ms from which it signs (published in the JWKS from `createdAt`). */
  readonly activatesAt: number;
}

export interface AuditEvent {
  readonly id: number;
  readonly tenantId: string | null;
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly details: Record<string, unknown>;
  readonly sourceIp: string;
  readonly createdAt: number;
}

export type NewAuditEvent = Omit<AuditEvent, 'id'>;
