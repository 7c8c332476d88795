import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AccessTokenSigner } from './access-token.js';
import { secretTag } from './secret-tag.js';
import type { SigningKey } from './signing-keys.js';

const { privateKey } = generateKeyPairSync('ed25519');
const key: SigningKey = { kid: 'abcdef', alg: 'EdDSA', privateKey, publicJwk: {} };
const input = {
  issuer: 'http://127.0.0.1:8787/mcaaaaaaaaaaaaaaaaaaaaaaaaaa/auth/',
  clientId: 'c'.repeat(24),
  clientType: 'ServerToServer' as const,
  eid: 1,
  mid: 1,
  scopes: [],
  nowSeconds: 1_800_000_000,
  ttlSeconds: 1200,
};

describe('the issuing secret in the jti (decision 0008)', () => {
  it('the tag is the ordinal modulo 64, one base64url character', () => {
    expect([0, 1, 25, 26, 61, 62, 63, 64, 65].map(secretTag).join('')).toBe('ABZa9-_AB');
  });
  it('tokens carry the tag as the first jti character and are no longer than without it', () => {
    const signer = new AccessTokenSigner(key);
    const untagged = signer.issue(input);
    const tagged = signer.issue({ ...input, secretTag: secretTag(3) });
    expect(tagged.claims.jti).toMatch(/^D[A-Za-z0-9_-]{11}$/);
    expect(untagged.claims.jti).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(tagged.token.length).toBe(untagged.token.length);
    const ids = new Set(
      Array.from({ length: 2000 }, () => signer.issue({ ...input, secretTag: 'D' }).claims.jti),
    );
    expect(ids.size).toBe(2000);
  });
});
