import { createHash, timingSafeEqual } from 'node:crypto';
import { InvalidGrant } from '../../errors/oauth-errors.js';

/** RFC 7636 §4.2: an S256 challenge is base64url(SHA-256(verifier)) — 43 characters. */
export function isS256Challenge(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}

/** RFC 7636 §4.1: 43–128 unreserved characters. */
export function isCodeVerifier(value: string): boolean {
  return /^[A-Za-z0-9._~-]{43,128}$/.test(value);
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/**
 * RFC 7636 §4.6 at the token endpoint. A code issued with a challenge needs the matching
 * verifier; a verifier for a code issued without one is refused too (PKCE downgrade,
 * RFC 9700 §2.1.1).
 */
export function checkCodeVerifier(challenge: string | null, verifier: string | undefined): void {
  if (challenge === null) {
    if (verifier !== undefined) {
      throw new InvalidGrant('code_verifier was sent but the authorization request had no code_challenge.');
    }
    return;
  }
  if (verifier === undefined || verifier === '') {
    throw new InvalidGrant('code_verifier is required: the authorization request used PKCE.');
  }
  if (!isCodeVerifier(verifier)) {
    throw new InvalidGrant('code_verifier must be 43 to 128 characters of [A-Za-z0-9-._~].');
  }
  const computed = Buffer.from(s256(verifier));
  const expected = Buffer.from(challenge);
  if (computed.length !== expected.length || !timingSafeEqual(computed, expected)) {
    throw new InvalidGrant('code_verifier does not match the code_challenge of the authorization request.');
  }
}
