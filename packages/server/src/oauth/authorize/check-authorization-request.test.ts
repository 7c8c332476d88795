import { describe, expect, it } from 'vitest';
import type { Integration } from '../../storage/records.js';
import { checkAuthorizationRequest, stateToEcho } from './check-authorization-request.js';

const integration = (integrationType: Integration['integrationType']): Integration => ({
  packageId: 'p',
  tenantId: 't',
  clientId: 'c'.repeat(24),
  integrationType,
  scopes: ['email_read', 'data_extensions_read', 'offline'],
  redirectUris: ['https://app.example/cb'],
  accessAll: false,
  accessMids: [],
  createdAt: 0,
  updatedAt: 0,
});
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const check = (
  params: Record<string, string>,
  type: Integration['integrationType'] = 'web-app',
  dup: string[] = [],
) =>
  checkAuthorizationRequest(
    { response_type: 'code', ...params },
    new Set(dup),
    integration(type),
    'https://app.example/cb',
  );

describe('authorization request rules (RFC 6749 §4.1.1, RFC 7636)', () => {
  it('scope omitted → the integration scopes; a subset → that subset in catalogue order', () => {
    expect(check({}).scopes).toEqual(['email_read', 'data_extensions_read', 'offline']);
    expect(check({ scope: 'offline email_read' }).scopes).toEqual(['email_read', 'offline']);
    expect(check({ scope: '' }).scopes).toEqual([]);
  });

  it('PKCE: S256 only, required for public apps, optional for web apps', () => {
    expect(check({}).codeChallenge).toBeUndefined();
    expect(
      check({ code_challenge: CHALLENGE, code_challenge_method: 'S256' }, 'public-app').codeChallenge,
    ).toBe(CHALLENGE);
    expect(() => check({}, 'public-app')).toThrow(
      'Public apps must use PKCE: send code_challenge and code_challenge_method=S256.',
    );
    expect(() => check({ code_challenge: CHALLENGE, code_challenge_method: 'plain' })).toThrow(
      'code_challenge_method must be S256 (plain is not accepted).',
    );
    expect(() => check({ code_challenge: CHALLENGE })).toThrow(/must be S256/);
    expect(() => check({ code_challenge_method: 'S256' })).toThrow(
      'code_challenge_method was sent without code_challenge.',
    );
    expect(() => check({ code_challenge: 'short', code_challenge_method: 'S256' })).toThrow(/43 base64url/);
  });

  it('response_type, account_id and duplicates', () => {
    expect(() => check({ response_type: '' })).toThrow(expect.objectContaining({ error: 'invalid_request' }));
    expect(() => check({ response_type: 'token' })).toThrow(
      expect.objectContaining({ error: 'unsupported_response_type' }),
    );
    expect(check({ account_id: '12345678' }).accountId).toBe(12345678);
    expect(() => check({ account_id: 'x' })).toThrow(expect.objectContaining({ error: 'invalid_request' }));
    expect(() => check({}, 'web-app', ['scope'])).toThrow(
      'The parameter "scope" is included more than once.',
    );
    expect(() => check({ scope: 'journeys_read' })).toThrow(
      expect.objectContaining({ error: 'invalid_scope' }),
    );
  });

  it('a duplicated state is never echoed', () => {
    expect(stateToEcho({ state: 'a' }, new Set())).toBe('a');
    expect(stateToEcho({ state: 'a' }, new Set(['state']))).toBeUndefined();
  });
});
