import { describe, expect, it } from 'vitest';
import {
  causeOfTokenFailure,
  hintForTokenFailure,
  hintForTokenTransportFailure,
  isTenantShapedAuthBaseUri,
  TOKEN_FAILURE_CAUSES,
  type TokenFailure,
} from '../src/index.js';

/** The one table of causes and fixes (issue 12 part 1): each row is reached by the answer that means it. */
const failure = (overrides: Partial<TokenFailure>): TokenFailure => ({
  status: 401,
  oauthError: 'invalid_client',
  description: '',
  grantType: 'client_credentials',
  ...overrides,
});

describe('token failure causes: the answer → the cause → the hint', () => {
  const cases: [string, Partial<TokenFailure>, RegExp | undefined][] = [
    ['not-a-token-endpoint', { status: 404, oauthError: undefined }, /not an Authentication Base URI/],
    [
      'salesforce-core-flow-disabled',
      { status: 400, oauthError: 'invalid_grant', description: 'client credentials flow is not enabled' },
      /Client Credentials Flow/,
    ],
    ['secret-expired', { description: 'The client secret expired on 2026-01-01.' }, /has expired.*rotate it/],
    ['secret-mangled', { description: 'malformed (its checksum does not match)' }, /copy it again/],
    ['secret-retired', { description: 'This client secret was retired' }, /rotated out \(retired\)/],
    [
      'secret-not-yet-usable',
      { description: 'This staged client secret becomes usable at' },
      /not usable yet/,
    ],
    ['wrong-credentials', { description: 'Invalid client ID.' }, /client id and client secret/],
    [
      'unknown-business-unit',
      {
        oauthError: 'unauthorized_client',
        description: 'There is no business unit 42 in this account',
        accountId: 42,
      },
      /^42 is not a business unit of this account/,
    ],
    [
      'business-unit-not-enabled',
      { oauthError: 'unauthorized_client', description: 'not enabled for business unit 42', accountId: 42 },
      /business unit 42 on the package's Access tab/,
    ],
    [
      'salesforce-core-my-domain',
      { status: 400, oauthError: 'invalid_grant', description: 'request not supported on this domain' },
      /My Domain/,
    ],
    [
      'salesforce-core-no-run-as-user',
      { status: 400, oauthError: 'invalid_grant', description: 'no client credentials user enabled' },
      /Run As/,
    ],
    ['grant-does-not-match-integration', { status: 400, oauthError: 'invalid_grant' }, undefined],
    [
      'refresh-token-rejected',
      { status: 400, oauthError: 'invalid_grant', grantType: 'refresh_token' },
      undefined,
    ],
    [
      'authorization-code-rejected',
      { status: 400, oauthError: 'invalid_grant', grantType: 'authorization_code' },
      /authorization code is expired/,
    ],
    [
      'scope-not-assigned',
      { status: 400, oauthError: 'invalid_scope' },
      /Add the scope to the API Integration/,
    ],
    [
      'unsupported-grant-type',
      { status: 400, oauthError: 'unsupported_grant_type' },
      /does not accept client_credentials/,
    ],
    ['invalid-request', { status: 400, oauthError: 'invalid_request' }, /request shape/],
  ];

  it.each(cases)('%s', (cause, overrides, hint) => {
    expect(causeOfTokenFailure(failure(overrides))).toBe(cause);
    const text = hintForTokenFailure(failure(overrides));
    if (hint === undefined) expect(text).toBeUndefined();
    else expect(text).toMatch(hint);
  });

  it('every row of the table is covered above, and names are unique', () => {
    const names = TOKEN_FAILURE_CAUSES.map((row) => row.cause);
    expect(new Set(names).size).toBe(names.length);
    expect(names.sort()).toEqual(cases.map(([cause]) => cause).sort());
  });

  it('an answer no row knows keeps the code default (no hint, no cause)', () => {
    const unknown = failure({ status: 429, oauthError: undefined });
    expect(causeOfTokenFailure(unknown)).toBeUndefined();
    expect(hintForTokenFailure(unknown)).toBeUndefined();
  });

  it('a hostile description cannot pick a cause across OAuth codes', () => {
    // "retired" in an invalid_scope answer is not a retired secret
    expect(
      causeOfTokenFailure(failure({ oauthError: 'invalid_scope', description: 'retired expired checksum' })),
    ).toBe('scope-not-assigned');
  });
});

describe('transport failures on the way to a token endpoint', () => {
  const tenant = 'http://127.0.0.1:8787/mcabc/auth/';
  const other = 'https://auth.example.com/';
  it('names the cause per socket code', () => {
    expect(hintForTokenTransportFailure('ENOTFOUND', other)).toMatch(/Wrong auth domain/);
    expect(hintForTokenTransportFailure('EAI_AGAIN', other)).toMatch(/Wrong auth domain/);
    expect(hintForTokenTransportFailure('ECONNREFUSED', tenant)).toMatch(/is the server running/);
    expect(hintForTokenTransportFailure('DEPTH_ZERO_SELF_SIGNED_CERT', tenant)).toMatch(/local CA/);
    expect(hintForTokenTransportFailure('ECONNRESET', other)).toMatch(/Check the network/);
  });

  it('a silent tenant-shaped host is not blamed on the domain; any other may be', () => {
    expect(hintForTokenTransportFailure('ETIMEDOUT', tenant)).not.toMatch(/domain/);
    expect(hintForTokenTransportFailure('ETIMEDOUT', other)).toMatch(/Wrong auth domain.*raise the timeout/);
  });

  it('tenant shape: Marketing Cloud and Packgate host mode, Packgate path mode', () => {
    expect(isTenantShapedAuthBaseUri(`https://${'a'.repeat(28)}.auth.marketingcloudapis.com/`)).toBe(true);
    expect(isTenantShapedAuthBaseUri('https://mcabc.auth.packgate.test:8443/')).toBe(true);
    expect(isTenantShapedAuthBaseUri(tenant)).toBe(true);
    expect(isTenantShapedAuthBaseUri(other)).toBe(false);
    expect(isTenantShapedAuthBaseUri('not a url')).toBe(false);
  });
});
