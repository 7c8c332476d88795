import { describe, expect, it } from 'vitest';
import {
  ApiError,
  createRestClient,
  createTokenProvider,
  InsufficientScopeError,
  NotAuthorizedError,
  RateLimitedError,
  ServiceUnavailableError,
} from '../src/index.js';
import { AUTH, fakeFetch, json, mcToken, REST, SECRET } from './helpers/fake-fetch.js';

/** One fake fetch serving both the token endpoint (token-1, token-2, …) and the REST API. */
function world(api: (url: string, auth: string | null, index: number) => Response) {
  let issued = 0;
  let apiCalls = 0;
  const fake = fakeFetch((call) =>
    call.url.endsWith('/v2/token')
      ? json(200, mcToken(++issued))
      : api(call.url, call.headers.get('authorization'), apiCalls++),
  );
  const provider = createTokenProvider({
    authBaseUri: AUTH,
    clientId: 'abcdefghijklmnopqrstuvwx',
    clientSecret: SECRET,
    fetch: fake.fetch,
  });
  const delays: number[] = [];
  const rest = createRestClient({
    tokenSource: provider,
    fetch: fake.fetch,
    sleep: async (ms) => {
      delays.push(ms);
    },
  });
  const tokenCalls = () => fake.calls.filter((c) => c.url.endsWith('/v2/token')).length;
  const apiCallList = () => fake.calls.filter((c) => !c.url.endsWith('/v2/token'));
  return { rest, provider, delays, tokenCalls, apiCallList };
}

describe('REST helper', () => {
  it('joins the path onto rest_instance_url and sends the bearer token', async () => {
    const w = world((url, auth) => json(200, { url, auth }));
    expect(await w.rest.request('/platform/v1/tokenContext')).toEqual({
      url: `${REST}platform/v1/tokenContext`,
      auth: 'Bearer token-1',
    });
  });

  it('sends JSON bodies and keeps caller headers', async () => {
    const fake = world(() => json(201, { ok: true }));
    await fake.rest.request('hub/v1/dataevents/key:x/rowset', {
      method: 'POST',
      json: [{ keys: { a: 1 } }],
      headers: { 'x-a': '1' },
    });
    const call = fake.apiCallList()[0];
    expect(call?.headers.get('content-type')).toBe('application/json');
    expect(call?.headers.get('x-a')).toBe('1');
    expect(JSON.parse(call?.body ?? '')).toEqual([{ keys: { a: 1 } }]);
  });

  it('retries once on 401 with a forced new token', async () => {
    const w = world((_url, auth) =>
      auth === 'Bearer token-1'
        ? json(401, { message: 'Not Authorized', errorcode: 0 })
        : json(200, { auth }),
    );
    expect(await w.rest.request('platform/v1/tokenContext')).toEqual({ auth: 'Bearer token-2' });
    expect(w.tokenCalls()).toBe(2);
  });

  it('50 concurrent calls hitting 401 share one refresh', async () => {
    const w = world((_url, auth) =>
      auth === 'Bearer token-1'
        ? json(401, { message: 'Not Authorized', errorcode: 0 })
        : json(200, { auth }),
    );
    await w.provider.getToken();
    const results = await Promise.all(Array.from({ length: 50 }, () => w.rest.request('x')));
    expect(new Set(results.map((r) => JSON.stringify(r)))).toEqual(new Set(['{"auth":"Bearer token-2"}']));
    expect(w.tokenCalls()).toBe(2);
  });

  it('a second 401 is not retried again: NotAuthorizedError', async () => {
    const w = world(() => json(401, { message: 'Not Authorized', errorcode: 0 }));
    const error = await w.rest.request('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotAuthorizedError);
    expect((error as NotAuthorizedError).errorcode).toBe(0);
    expect(w.apiCallList()).toHaveLength(2);
    expect(w.tokenCalls()).toBe(2);
  });

  it('403 is never retried and names the missing scope', async () => {
    const w = world(() =>
      json(403, {
        message: 'Insufficient Privileges to complete this action.',
        errorcode: 20002,
        documentation: '',
      }),
    );
    const error = await w.rest.request('data/v1/customobjectdata/key/x/rowset').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InsufficientScopeError);
    expect((error as InsufficientScopeError).hint).toMatch(/wait up to 5 minutes/);
    expect((error as Error).message).toBe(
      'GET data/v1/customobjectdata/key/x/rowset failed: HTTP 403 (20002): Insufficient Privileges to complete this action.',
    );
    expect(w.apiCallList()).toHaveLength(1);
    expect(w.tokenCalls()).toBe(1);
  });

  it('403 of another tenant (40002) is an ApiError with its own hint', async () => {
    const w = world(() => json(403, { message: 'wrong stack', errorcode: 40002 }));
    const error = (await w.rest.request('x').catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.hint).toMatch(/another tenant/);
  });

  it('honours 429 Retry-After, then succeeds', async () => {
    const w = world((_u, _a, i) =>
      i === 0
        ? json(429, { message: 'Rate limit exceeded', errorcode: 50100 }, { 'retry-after': '3' })
        : json(200, {}),
    );
    await w.rest.request('x');
    expect(w.delays).toEqual([3000]);
  });

  it('backs off on 503 a bounded number of times, then throws ServiceUnavailableError', async () => {
    const w = world(() => json(503, { message: 'down', errorcode: 50300 }));
    const error = await w.rest.request('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(w.delays).toHaveLength(2);
    expect(w.delays[0]).toBeGreaterThanOrEqual(250);
    expect(w.delays[0]).toBeLessThanOrEqual(500);
    expect(w.delays[1]).toBeGreaterThanOrEqual(500);
    expect(w.delays[1]).toBeLessThanOrEqual(1000);
  });

  it('does not wait for a Retry-After beyond the bound', async () => {
    const w = world(() => json(429, { message: 'slow down', errorcode: 50100 }, { 'retry-after': '3600' }));
    const error = (await w.rest.request('x').catch((e: unknown) => e)) as RateLimitedError;
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(w.delays).toEqual([]);
  });

  it('fetch() is fetch-compatible: resolves non-2xx Responses', async () => {
    const w = world(() => json(404, { message: 'No endpoint', errorcode: 30003 }));
    const response = await w.rest.fetch('platform/v1/endpoints/foobar');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'No endpoint', errorcode: 30003 });
  });

  it('parses the OAuth error shape from a resource too', async () => {
    const w = world(() => json(400, { error: 'invalid_request', error_description: 'bad body' }));
    const error = (await w.rest.request('x').catch((e: unknown) => e)) as ApiError;
    expect(error.oauthError).toBe('invalid_request');
    expect(error.message).toContain('bad body');
  });

  it('an API echoing the bearer token in its error message never puts it in the error', async () => {
    // Short tokens (token-1) escape the secret-like patterns: the token itself must be redacted.
    const w = world((_url, auth) => json(400, { message: `rejected credentials ${auth}`, errorcode: 10001 }));
    const error = (await w.rest.request('x').catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toContain('rejected credentials Bearer [redacted]');
    expect(JSON.stringify({ m: error.message, ...error })).not.toContain('token-1');
  });

  it('refuses absolute URLs so the token never leaves rest_instance_url', async () => {
    const w = world(() => json(200, {}));
    await expect(w.rest.request('https://evil.example/steal')).rejects.toThrow(/relative/);
    expect(w.apiCallList()).toHaveLength(0);
  });

  it('aborts with the caller signal and on timeout', async () => {
    let issued = 0;
    const fake = fakeFetch((call) =>
      call.url.endsWith('/v2/token')
        ? json(200, mcToken(++issued))
        : new Promise<Response>(() => {
            /* never answers */
          }),
    );
    const provider = createTokenProvider({
      authBaseUri: AUTH,
      clientId: 'abc',
      clientSecret: SECRET,
      fetch: fake.fetch,
    });
    const hang = (_input: string | URL | Request, init?: RequestInit) =>
      init?.signal === undefined || init.signal === null || String(_input).endsWith('/v2/token')
        ? fake.fetch(_input, init)
        : new Promise<Response>((_r, reject) => {
            if (init.signal?.aborted) reject(init.signal.reason);
            init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
          });
    const rest = createRestClient({ tokenSource: provider, fetch: hang, timeoutMs: 1 });
    await expect(rest.request('x')).rejects.toMatchObject({ code: 'ERR_TIMEOUT' });
    const controller = new AbortController();
    const pending = createRestClient({ tokenSource: provider, fetch: hang }).fetch('x', {
      signal: controller.signal,
    });
    controller.abort(new Error('caller gave up'));
    await expect(pending).rejects.toThrow('caller gave up');
    const late = new AbortController();
    const started = createRestClient({ tokenSource: provider, fetch: hang }).fetch('x', {
      signal: late.signal,
    });
    await new Promise((resolve) => setImmediate(resolve));
    late.abort(new Error('aborted mid-flight'));
    await expect(started).rejects.toThrow('aborted mid-flight');
  });
});
