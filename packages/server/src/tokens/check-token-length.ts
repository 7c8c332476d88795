import { ConfigError } from '../errors/config-error.js';
import { MAX_ACCOUNT_NUMBER } from '../setup/random-identifiers.js';
import { SCOPE_CATALOGUE } from '../setup/scopes/scope-catalogue.js';
import { AccessTokenSigner, MAX_ACCESS_TOKEN_LENGTH } from './access-token.js';
import type { SigningKey } from './signing-keys.js';

/**
 * Fails the boot when the longest token this deployment could issue would exceed Marketing
 * Cloud's 512 characters: the issuer (auth base URI) is the only claim whose length the
 * operator controls, through PACKGATE_PUBLIC_URL or PACKGATE_BASE_DOMAIN.
 */
export function checkTokenLengthFits(key: SigningKey, longestIssuer: string): number {
  const worst = new AccessTokenSigner(key).issue({
    issuer: longestIssuer,
    clientId: 'x'.repeat(24),
    clientType: 'ServerToServer',
    eid: MAX_ACCOUNT_NUMBER,
    mid: MAX_ACCOUNT_NUMBER,
    scopes: SCOPE_CATALOGUE.map((s) => s.id),
    nowSeconds: 9_999_999_999,
    ttlSeconds: 0,
  });
  const userWorst = new AccessTokenSigner(key).issue({
    issuer: longestIssuer,
    clientId: 'x'.repeat(24),
    clientType: 'Confidential',
    eid: MAX_ACCOUNT_NUMBER,
    mid: MAX_ACCOUNT_NUMBER,
    scopes: SCOPE_CATALOGUE.map((s) => s.id),
    userId: MAX_ACCOUNT_NUMBER,
    nowSeconds: 9_999_999_999,
    ttlSeconds: 0,
  });
  const length = Math.max(worst.token.length, userWorst.token.length);
  if (length > MAX_ACCESS_TOKEN_LENGTH) {
    const over = length - MAX_ACCESS_TOKEN_LENGTH;
    throw new ConfigError(
      'PACKGATE_PUBLIC_URL',
      `base URIs are too long: access tokens would reach ${length} characters (max ${MAX_ACCESS_TOKEN_LENGTH}); shorten the public URL or base domain by ${over} characters (in host mode, PACKGATE_TLS_PUBLIC_PORT=443 keeps the port out of them)`,
    );
  }
  return length;
}
