import { type createLocalJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import { InvalidToken } from '../errors/oauth-errors.js';
import type { Clock } from '../setup/directory/clock.js';
import { decodeScopeBits } from '../setup/scopes/scope-bits.js';
import type { AccessTokenClaims } from './access-token.js';
import type { RevocationList } from './revocation-list.js';
import { SIGNING_ALG } from './signing-keys.js';

/** Where the verifier finds the published keys (the signing-key ring; it changes as keys rotate). */
export interface VerificationKeys {
  keySet(): ReturnType<typeof createLocalJWKSet>;
  /** Reloads the keys for a token whose `kid` is unknown (bounded); true when they changed. */
  refreshForUnknownKey?(): Promise<boolean>;
}

export interface VerifiedAccessToken {
  readonly claims: AccessTokenClaims;
  /** Decoded from `scp`, catalogue order. */
  readonly scopes: readonly string[];
  /** Epoch ms. */
  readonly expiresAt: number;
}

const MAX_CACHED_TOKENS = 50_000;

/**
 * Bearer-token verification shared by every protected endpoint: signature against the JWKS
 * keys, expiry from the injected clock, revocation. A token's signature is checked once; its
 * verified claims are then cached until expiry (revocation is still checked on every use, in
 * memory). The caller checks tenant (`iss`), BU (`mid`) and scopes.
 */
export class AccessTokenVerifier {
  readonly #keys: VerificationKeys;
  readonly #clock: Clock;
  readonly #revocations: RevocationList;
  readonly #cache = new Map<string, VerifiedAccessToken>();

  constructor(keys: VerificationKeys, revocations: RevocationList, clock: Clock) {
    this.#keys = keys;
    this.#revocations = revocations;
    this.#clock = clock;
  }

  /**
   * Returns the token's verified claims or throws {@link InvalidToken} saying why. Synchronous
   * for a token seen before (the usual case: a token is used many times), so a resource request
   * spends no promise tick on it; the first use waits for the signature check.
   */
  verify(token: string): VerifiedAccessToken | Promise<VerifiedAccessToken> {
    const now = this.#clock.now();
    const cached = this.#cache.get(token);
    if (cached !== undefined) return this.#checkStillValid(token, cached, now);
    return this.#verifySignature(token, now).then((verified) => {
      if (this.#cache.size >= MAX_CACHED_TOKENS) this.#evict(now);
      this.#cache.set(token, verified);
      return this.#checkStillValid(token, verified, now);
    });
  }

  #checkStillValid(token: string, verified: VerifiedAccessToken, now: number): VerifiedAccessToken {
    if (verified.expiresAt <= now) {
      this.#cache.delete(token);
      throw new InvalidToken('The access token has expired.');
    }
    const { claims } = verified;
    if (
      this.#revocations.isRevoked(claims.jti) ||
      this.#revocations.isIssuedByRevokedSecret(claims.client_id, claims.jti, claims.iat)
    )
      throw new InvalidToken('The access token has been revoked.');
    return verified;
  }

  async #verifySignature(token: string, now: number): Promise<VerifiedAccessToken> {
    const segments = token.split('.');
    // Four segments: the opaque, Marketing Cloud-shaped form (a JWT plus padding, toOpaqueShape).
    if (token.length > 4096 || (segments.length !== 3 && segments.length !== 4))
      throw new InvalidToken('The access token is malformed.');
    try {
      // Four segments: verify the JWS (the first three); the fourth is padding (toOpaqueShape).
      const { payload } = await this.#jwtVerify(segments.slice(0, 3).join('.'), now);
      const claims = payload as unknown as AccessTokenClaims;
      if (
        typeof claims.client_id !== 'string' ||
        typeof claims.mid !== 'number' ||
        typeof claims.eid !== 'number' ||
        typeof claims.scp !== 'string'
      ) {
        throw new InvalidToken('The access token is not a Packgate access token.');
      }
      return { claims, scopes: decodeScopeBits(claims.scp), expiresAt: claims.exp * 1000 };
    } catch (err) {
      if (err instanceof InvalidToken) throw err;
      if (err instanceof joseErrors.JWTExpired) throw new InvalidToken('The access token has expired.');
      throw new InvalidToken('The access token is invalid.');
    }
  }

  async #jwtVerify(token: string, now: number) {
    const options = {
      algorithms: [SIGNING_ALG],
      currentDate: new Date(now),
      requiredClaims: ['iss', 'sub', 'exp', 'iat', 'jti'],
    };
    try {
      return await jwtVerify(token, this.#keys.keySet(), options);
    } catch (err) {
      if (!(err instanceof joseErrors.JWKSNoMatchingKey) || !(await this.#keys.refreshForUnknownKey?.()))
        throw err;
      return await jwtVerify(token, this.#keys.keySet(), options);
    }
  }

  /** Drops expired entries, and the oldest half if that is not enough. */
  #evict(now: number): void {
    for (const [token, v] of this.#cache) if (v.expiresAt <= now) this.#cache.delete(token);
    if (this.#cache.size < MAX_CACHED_TOKENS) return;
    let drop = this.#cache.size / 2;
    for (const token of this.#cache.keys()) {
      if (drop-- <= 0) break;
      this.#cache.delete(token);
    }
  }
}
