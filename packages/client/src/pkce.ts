import { createHash, randomBytes } from 'node:crypto';
import { ConfigurationError } from './errors/configuration-errors.js';

/** A PKCE pair (RFC 7636) using S256. */
export interface PkcePair {
  /** Keep it server-side (or in the session) until the code exchange. Never log it. */
  codeVerifier: string;
  /** `BASE64URL(SHA256(codeVerifier))`, sent with the authorization request. */
  codeChallenge: string;
  /** Always `S256`. */
  codeChallengeMethod: 'S256';
}

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/**
 * Computes the S256 code challenge of a verifier (RFC 7636 §4.2); the verifier must be 43–128
 * characters of `[A-Za-z0-9-._~]`.
 *
 * @example
 * ```ts
 * computeCodeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'); // 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
 * ```
 */
export function computeCodeChallenge(codeVerifier: string): string {
  if (!VERIFIER.test(codeVerifier)) {
    throw new ConfigurationError('codeVerifier must be 43-128 characters of [A-Za-z0-9-._~] (RFC 7636 §4.1)');
  }
  return createHash('sha256').update(codeVerifier).digest('base64url');
}

/**
 * Creates a fresh PKCE pair: a 43-character verifier from 32 random bytes and its S256 challenge.
 *
 * @example
 * ```ts
 * const { codeVerifier, codeChallenge } = createPkcePair();
 * ```
 */
export function createPkcePair(): PkcePair {
  const codeVerifier = randomBytes(32).toString('base64url');
  return { codeVerifier, codeChallenge: computeCodeChallenge(codeVerifier), codeChallengeMethod: 'S256' };
}

/**
 * Creates an unguessable `state` value (128 random bits, base64url).
 *
 * @example
 * ```ts
 * const state = createState();
 * ```
 */
export function createState(): string {
  return randomBytes(16).toString('base64url');
}
