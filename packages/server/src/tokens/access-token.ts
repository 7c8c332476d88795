import { type KeyObject, randomBytes, sign } from 'node:crypto';
import { encodeScopeBits } from '../setup/scopes/scope-bits.js';
import type { IntegrationType } from '../storage/records.js';
import type { SigningKey } from './signing-keys.js';
import { TokenIdPool } from './token-id.js';

/** Marketing Cloud's documented maximum for an access token (sfmc-auth.md §2.3). */
export const MAX_ACCESS_TOKEN_LENGTH = 512;

export type ClientType = 'ServerToServer' | 'Confidential' | 'Public';

export function clientTypeOf(type: IntegrationType): ClientType {
  return type === 'server-to-server' ? 'ServerToServer' : type === 'web-app' ? 'Confidential' : 'Public';
}

/**
 * Claims of a Packgate access token (docs/reference/tokens.md). `sub` is the client id for
 * server-to-server tokens and the user id for user tokens (which add `uid`). `scp` is the
 * compact scope bit set (see scope-bits.ts). The tenant is the subdomain inside `iss`.
 */
export interface AccessTokenClaims {
  readonly iss: string;
  readonly sub: string;
  readonly client_id: string;
  readonly exp: number;
  readonly iat: number;
  readonly jti: string;
  readonly eid: number;
  readonly mid: number;
  readonly client_type: ClientType;
  readonly scp: string;
  readonly uid?: number;
}

export interface AccessTokenInput {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientType: ClientType;
  readonly eid: number;
  readonly mid: number;
  readonly scopes: readonly string[];
  readonly userId?: number;
  /** The issuing secret's tag (secret-tag.ts), placed as the first `jti` character. */
  readonly secretTag?: string | undefined;
  readonly nowSeconds: number;
  readonly ttlSeconds: number;
  /** `opaque`: padded to Marketing Cloud's shape (see {@link toOpaqueShape}); default `jwt`. */
  readonly format?: 'jwt' | 'opaque';
}

export interface IssuedAccessToken {
  readonly token: string;
  readonly claims: AccessTokenClaims;
}

/**
 * Signs access tokens as compact JWS with node:crypto's synchronous `sign` (jose's async path
 * costs ~60 µs per token on the hot path; verification stays with jose).
 */
export class AccessTokenSigner {
  readonly #privateKey: KeyObject;
  readonly #encodedHeader: string;
  readonly #ids = new TokenIdPool();
  /** Tokens repeat a handful of scope sets: encode each once (bounded: input cannot grow it). */
  readonly #scpByScopes = new Map<string, string>();

  constructor(key: SigningKey) {
    this.#privateKey = key.privateKey;
    this.#encodedHeader = Buffer.from(JSON.stringify({ alg: key.alg, kid: key.kid })).toString('base64url');
  }

  issue(input: AccessTokenInput): IssuedAccessToken {
    const claims: AccessTokenClaims = {
      iss: input.issuer,
      sub: input.userId === undefined ? input.clientId : String(input.userId),
      client_id: input.clientId,
      exp: input.nowSeconds + input.ttlSeconds,
      iat: input.nowSeconds,
      jti: input.secretTag === undefined ? this.#ids.next() : input.secretTag + this.#ids.next().slice(1),
      eid: input.eid,
      mid: input.mid,
      client_type: input.clientType,
      scp: this.#scp(input.scopes),
      ...(input.userId === undefined ? {} : { uid: input.userId }),
    };
    const signingInput = `${this.#encodedHeader}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    const signature = sign(null, Buffer.from(signingInput), this.#privateKey).toString('base64url');
    const jwt = `${signingInput}.${signature}`;
    return { token: input.format === 'opaque' ? toOpaqueShape(jwt) : jwt, claims };
  }

  #scp(scopes: readonly string[]): string {
    const key = scopes.join(' ');
    let scp = this.#scpByScopes.get(key);
    if (scp === undefined) {
      scp = encodeScopeBits(scopes);
      if (this.#scpByScopes.size < 4096) this.#scpByScopes.set(key, scp);
    }
    return scp;
  }
}

/**
 * Marketing Cloud's access tokens are exactly 512 characters in four dot-separated segments
 * (sfmc-auth.md §5): a JWS and an opaque fourth segment that fills the length. The same shape
 * here: the signed JWT plus random base64url padding to 512 characters. A JWT parser refuses it,
 * as it refuses the real ones; Packgate's verifier checks the first three segments. A JWT too
 * long to take a fourth segment (over 510 characters) is left as it is.
 */
export function toOpaqueShape(jwt: string): string {
  const padding = MAX_ACCESS_TOKEN_LENGTH - jwt.length - 1;
  if (padding < 1) return jwt;
  return `${jwt}.${randomBytes(Math.ceil((padding * 3) / 4))
    .toString('base64url')
    .slice(0, padding)}`;
}
