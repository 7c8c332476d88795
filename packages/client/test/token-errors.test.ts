import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createTokenProvider,
  errorHints,
  InvalidClientError,
  InvalidGrantError,
  InvalidResponseError,
  InvalidScopeError,
  NetworkError,
  PackgateClientError,
  parseErrorBody,
  RateLimitedError,
  RefreshTokenRejectedError,
  RequestTimeoutError,
  redactSecrets,
  SecretExpiredError,
  TokenRequestError,
  tokenErrorFromResponse,
  UnauthorizedClientError,
} from '../src/index.js';
import { AUTH, fakeFetch, json, SECRET } from './helpers/fake-fetch.js';

const base = { authBaseUri: AUTH, clientId: 'abcdefghijklmnopqrstuvwx', clientSecret: SECRET };

async function failWith(response: () => Response | Promise<Response>): Promise<PackgateClientError> {
  const { fetch } = fakeFetch(response);
  const error = await createTokenProvider({ ...base, fetch })
    .getToken()
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PackgateClientError);
  expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain(SECRET);
  return error as PackgateClientError;
}

describe('typed token errors with hints (seeds table)', () => {
  it('401 invalid_client → ERR_INVALID_CLIENT naming id/secret and the Access tab', async () => {
    const error = await failWith(() =>
      json(401, {
        error: 'invalid_client',
        error_description: 'Client authentication failed.',
        error_uri: 'https://developer.salesforce.com/docs',
      }),
    );
    expect(error).toBeInstanceOf(InvalidClientError);
    expect(error.code).toBe('ERR_INVALID_CLIENT');
    expect(error.status).toBe(401);
    expect(error.oauthError).toBe('invalid_client');
    expect(error.hint).toMatch(/client id and client secret/);
    expect(error.hint).toMatch(/Access tab/);
    expect(error.message).toBe(
      'token request (client_credentials) failed: HTTP 401 invalid_client: Client authentication failed.',
    );
  });

  it('unauthorized_client (MID without access) → ERR_UNAUTHORIZED_CLIENT', async () => {
    const error = await failWith(() =>
      json(401, { error: 'unauthorized_client', error_description: 'no access to MID 7' }),
    );
    expect(error).toBeInstanceOf(UnauthorizedClientError);
    expect(error.hint).toMatch(/Access tab/);
  });

  it('invalid_client with an expired secret → ERR_SECRET_EXPIRED telling to rotate', async () => {
    const error = await failWith(() =>
      json(401, { error: 'invalid_client', error_description: 'The client secret has expired.' }),
    );
    expect(error).toBeInstanceOf(SecretExpiredError);
    expect(error.hint).toMatch(/stage a new secret/);
  });

  it('invalid_grant on client_credentials → grant does not match the integration type', async () => {
    const error = await failWith(() =>
      json(400, {
        error: 'invalid_grant',
        error_description: 'web-app integrations must use authorization_code',
      }),
    );
    expect(error).toBeInstanceOf(InvalidGrantError);
    expect(error.hint).toMatch(/grant type does not match the integration type/);
  });

  it('invalid_scope → ERR_INVALID_SCOPE', async () => {
    expect(await failWith(() => json(400, { error: 'invalid_scope' }))).toBeInstanceOf(InvalidScopeError);
  });

  it('other OAuth errors → ERR_TOKEN_REQUEST_FAILED with the wire code', async () => {
    const error = await failWith(() =>
      json(400, { error: 'unsupported_grant_type', error_description: 'Use "client_credentials"' }),
    );
    expect(error).toBeInstanceOf(TokenRequestError);
    expect(error.oauthError).toBe('unsupported_grant_type');
  });

  it('429 with the REST error shape (errorcode 50200) → ERR_RATE_LIMITED with Retry-After', async () => {
    const error = await failWith(() =>
      json(
        429,
        { message: 'Your requests are temporarily blocked.', errorcode: 50200 },
        { 'retry-after': '7' },
      ),
    );
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.errorcode).toBe(50200);
    expect((error as RateLimitedError).retryAfterMs).toBe(7000);
  });

  it('an HTML 404 (wrong base URI) → ERR_INVALID_RESPONSE', async () => {
    const error = await failWith(() => new Response('<html>Not Found</html>', { status: 404 }));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.hint).toMatch(/auth base URI/);
  });

  it('a timeout at a tenant-shaped host → ERR_TIMEOUT: the server is silent, not the wrong domain', async () => {
    const hanging = (_input: string | URL | Request, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    const error = await createTokenProvider({ ...base, fetch: hanging, timeoutMs: 1 })
      .getToken()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as PackgateClientError).code).toBe('ERR_TIMEOUT');
    // the base URI has a tenant's shape: the right server, silent, not a wrong domain
    expect((error as PackgateClientError).hint).toMatch(/did not answer in time: is it overloaded or stuck/);
    expect((error as PackgateClientError).transportCode).toBe('ETIMEDOUT');
  });

  it('a DNS failure → ERR_NETWORK naming the code', async () => {
    const error = await failWith(() => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' }),
      });
    });
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain('ENOTFOUND');
    expect(error.message).toMatch(/cannot resolve/);
    expect(error.transportCode).toBe('ENOTFOUND');
    expect(error.hint).toMatch(/Wrong auth domain\? Use your tenant-specific Authentication Base URI/);
  });

  it('a server echoing the secret or a token in its description never leaks it', async () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.abcdefghijklmnopqrstuvwxyz012345';
    const error = await failWith(() =>
      json(401, { error: 'invalid_client', error_description: `bad secret ${SECRET} or token ${jwt}` }),
    );
    expect(error.message).not.toContain(jwt);
    expect(error.message).toContain('[redacted]');
  });

  it('refresh_token invalid_grant → ERR_REFRESH_TOKEN_REJECTED; code invalid_grant → code hint', () => {
    const refresh = tokenErrorFromResponse({
      status: 400,
      body: { oauthError: 'invalid_grant' },
      grantType: 'refresh_token',
      secrets: [],
    });
    expect(refresh).toBeInstanceOf(RefreshTokenRejectedError);
    const code = tokenErrorFromResponse({
      status: 400,
      body: { oauthError: 'invalid_grant' },
      grantType: 'authorization_code',
      secrets: [],
    });
    expect(code.code).toBe('ERR_INVALID_GRANT');
    expect(code.hint).toMatch(/authorization code is expired/);
    const domain = tokenErrorFromResponse({
      status: 400,
      body: { oauthError: 'invalid_grant', description: 'request not supported on this domain' },
      grantType: 'client_credentials',
      secrets: [],
    });
    expect(domain.hint).toMatch(/My Domain/);
  });
});

describe('parseErrorBody: both wire shapes', () => {
  it('reads RFC 6749, Marketing Cloud REST and Salesforce core shapes', () => {
    expect(parseErrorBody('{"error":"invalid_client","error_description":"x","error_uri":"u"}')).toEqual({
      oauthError: 'invalid_client',
      description: 'x',
    });
    expect(parseErrorBody('{"message":"Not Authorized","errorcode":0,"documentation":""}')).toEqual({
      description: 'Not Authorized',
      errorcode: 0,
    });
    expect(
      parseErrorBody('[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]'),
    ).toEqual({
      description: 'Session expired or invalid',
      errorCodeName: 'INVALID_SESSION_ID',
    });
  });

  it('yields nothing for hostile or malformed bodies', () => {
    for (const text of [
      '',
      'null',
      '42',
      '"x"',
      '<html>',
      '{"error":7,"message":{}}',
      '{"errorcode":"abc"}',
    ]) {
      expect(parseErrorBody(text)).toEqual({});
    }
  });

  it('redactSecrets removes given values, secret-like strings and caps length', () => {
    expect(redactSecrets('bad abc123', ['abc123'])).toBe('bad [redacted]');
    expect(redactSecrets(`x ${SECRET}`)).toBe('x [redacted]');
    expect(redactSecrets('a'.repeat(10) + ' '.repeat(400)).length).toBeLessThanOrEqual(301);
  });
});

describe('error catalogue', () => {
  it('every code has a hint and the README table lists exactly these codes with these hints', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const rows = [...readme.matchAll(/^\| `(ERR_[A-Z_]+)` +\| (.+?) +\|$/gm)].map((m) => [m[1], m[2]]);
    expect(Object.fromEntries(rows)).toEqual(errorHints);
  });
});
