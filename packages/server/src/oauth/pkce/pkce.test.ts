import { describe, expect, it } from 'vitest';
import { checkCodeVerifier, isS256Challenge, s256 } from './pkce.js';

// RFC 7636 Appendix B example.
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('PKCE (RFC 7636)', () => {
  it('computes S256 as in Appendix B', () => {
    expect(s256(VERIFIER)).toBe(CHALLENGE);
    expect(isS256Challenge(CHALLENGE)).toBe(true);
    expect(isS256Challenge('short')).toBe(false);
    expect(isS256Challenge(`${CHALLENGE}=`)).toBe(false);
  });

  it('accepts the matching verifier', () => {
    expect(() => checkCodeVerifier(CHALLENGE, VERIFIER)).not.toThrow();
  });

  it('refuses a wrong, missing or malformed verifier with invalid_grant', () => {
    const wrong = `${VERIFIER.slice(0, -1)}Y`;
    expect(() => checkCodeVerifier(CHALLENGE, wrong)).toThrow(
      expect.objectContaining({
        error: 'invalid_grant',
        message: 'code_verifier does not match the code_challenge of the authorization request.',
      }),
    );
    expect(() => checkCodeVerifier(CHALLENGE, undefined)).toThrow(/code_verifier is required/);
    expect(() => checkCodeVerifier(CHALLENGE, 'abc')).toThrow(/43 to 128/);
  });

  it('refuses a verifier for a code issued without a challenge (downgrade)', () => {
    expect(() => checkCodeVerifier(null, VERIFIER)).toThrow(/had no code_challenge/);
    expect(() => checkCodeVerifier(null, undefined)).not.toThrow();
  });
});
