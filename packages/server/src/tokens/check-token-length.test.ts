import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import { baseUrisFor } from '../setup/tenants/base-uris.js';
import { checkTokenLengthFits } from './check-token-length.js';
import type { SigningKey } from './signing-keys.js';

const { privateKey } = generateKeyPairSync('ed25519');
const key: SigningKey = { kid: 'abcdef', alg: 'EdDSA', privateKey, publicJwk: {} };
const longest = (c: Parameters<typeof baseUrisFor>[0]) => baseUrisFor(c, 'm'.repeat(28)).authBaseUri;

describe('access tokens stay within 512 characters', () => {
  it('fits for the default public URL and for drop-in host mode', () => {
    expect(
      checkTokenLengthFits(
        key,
        longest({ publicUrl: 'http://127.0.0.1:8787', baseDomain: undefined, tlsPublicPort: 443 }),
      ),
    ).toBeLessThanOrEqual(512);
    expect(
      checkTokenLengthFits(
        key,
        longest({ publicUrl: 'x', baseDomain: 'marketingcloudapis.com', tlsPublicPort: 443 }),
      ),
    ).toBeLessThanOrEqual(512);
  });
  it('fails the boot naming PACKGATE_PUBLIC_URL when the issuer is too long', () => {
    const publicUrl = `https://${'a'.repeat(60)}.example.com`;
    expect(() =>
      checkTokenLengthFits(key, longest({ publicUrl, baseDomain: undefined, tlsPublicPort: 443 })),
    ).toThrow(ConfigError);
  });
});
