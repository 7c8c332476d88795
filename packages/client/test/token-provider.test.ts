import { describe, expect, it, vi } from 'vitest';
import {
  ConfigurationError,
  createMarketingCloudDialect,
  createTokenProvider,
  InvalidResponseError,
  InvalidTssdError,
  MemoryTokenCache,
  NetworkError,
} from '../src/index.js';
import {
  AUTH,
  fakeFetch,
  flushPromises,
  json,
  manualClock,
  mcToken,
  mcTokenEndpoint,
  REST,
  SECRET,
  SOAP,
} from './helpers/fake-fetch.js';

const base = { authBaseUri: AUTH, clientId: 'abcdefghijklmnopqrstuvwx', clientSecret: SECRET };

describe('token provider: Marketing Cloud v2/token request', () => {
  it('POSTs JSON with snake_case fields to {auth}v2/token and returns the PRODUCT §9 shape', async () => {
    const clock = manualClock();
    const { fetch, calls } = mcTokenEndpoint();
    const provider = createTokenProvider({
      ...base,
      accountId: 123456,
      scope: ['data_extensions_read'],
      fetch,
      now: clock.now,
    });
    const token = await provider.getToken();
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe(`${AUTH}v2/token`);
    expect(calls[0]?.method).toBe('POST');
    expect(calls[0]?.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(calls[0]?.body ?? '')).toEqual({
      grant_type: 'client_credentials',
      client_id: base.clientId,
      client_secret: SECRET,
      scope: 'data_extensions_read',
      account_id: 123456,
    });
    expect(token).toEqual({
      accessToken: 'token-1',
      tokenType: 'Bearer',
      expiresAt: clock.now() + 1079_000,
      scope: ['data_extensions_read', 'data_extensions_write'],
      restInstanceUrl: REST,
      soapInstanceUrl: SOAP,
    });
    expect(Object.isFrozen(token)).toBe(true);
  });

  it('omits scope when not configured and sends "" for an empty scope list', async () => {
    const a = mcTokenEndpoint();
    await createTokenProvider({ ...base, fetch: a.fetch }).getToken();
    expect(JSON.parse(a.calls[0]?.body ?? '')).not.toHaveProperty('scope');
    expect(JSON.parse(a.calls[0]?.body ?? '')).not.toHaveProperty('account_id');
    const b = mcTokenEndpoint();
    await createTokenProvider({ ...base, scope: [], fetch: b.fetch }).getToken();
    expect(JSON.parse(b.calls[0]?.body ?? '').scope).toBe('');
  });

  it('sends a form body with the form dialect', async () => {
    const { fetch, calls } = mcTokenEndpoint();
    await createTokenProvider({
      ...base,
      accountId: '42',
      fetch,
      dialect: createMarketingCloudDialect({ bodyFormat: 'form' }),
    }).getToken();
    expect(calls[0]?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(calls[0]?.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: base.clientId,
      client_secret: SECRET,
      account_id: '42',
    });
  });

  it('normalises instance URLs without scheme or trailing slash', async () => {
    const host = REST.replace('https://', '').replace(/\/$/, '');
    const { fetch } = fakeFetch(() => json(200, mcToken(1, { rest_instance_url: host })));
    const token = await createTokenProvider({ ...base, fetch }).getToken();
    expect(token.restInstanceUrl).toBe(REST);
  });
});

describe('token provider: cache, margin and expiry (injected clock)', () => {
  it('reuses the token until expires_in minus the margin, then requests a new one', async () => {
    const clock = manualClock();
    const { fetch, calls } = mcTokenEndpoint();
    const provider = createTokenProvider({
      ...base,
      fetch,
      now: clock.now,
      expiryMarginSeconds: 30,
      backgroundRefresh: 'off',
    });
    expect((await provider.getToken()).accessToken).toBe('token-1');
    clock.advance((1079 - 31) * 1000);
    expect((await provider.getToken()).accessToken).toBe('token-1');
    clock.advance(1000);
    expect((await provider.getToken()).accessToken).toBe('token-2');
    expect(calls).toHaveLength(2);
  });

  it('counts expires_in from when the request was sent, so a slow answer never extends the expiry', async () => {
    const clock = manualClock();
    const sentAt = clock.now();
    const { fetch } = fakeFetch(() => {
      clock.advance(8000); // the answer takes 8 s to arrive
      return json(200, mcToken(1));
    });
    const token = await createTokenProvider({ ...base, fetch, now: clock.now }).getToken();
    expect(token.expiresAt).toBe(sentAt + 1079_000);
  });

  it('never returns an expired token after a clock jump', async () => {
    const clock = manualClock();
    const { fetch } = mcTokenEndpoint();
    const provider = createTokenProvider({ ...base, fetch, now: clock.now });
    const first = await provider.getToken();
    clock.set(first.expiresAt + 1);
    const second = await provider.getToken();
    expect(second.accessToken).toBe('token-2');
    expect(second.expiresAt).toBeGreaterThan(clock.now());
  });

  it('caps the margin at half the lifetime for short-lived tokens', async () => {
    const clock = manualClock();
    const { fetch, calls } = fakeFetch((_c, i) => json(200, mcToken(i + 1, { expires_in: 20 })));
    const provider = createTokenProvider({
      ...base,
      fetch,
      now: clock.now,
      expiryMarginSeconds: 60,
      backgroundRefresh: 'off',
    });
    await provider.getToken();
    clock.advance(9_000);
    expect((await provider.getToken()).accessToken).toBe('token-1');
    clock.advance(1_000);
    expect((await provider.getToken()).accessToken).toBe('token-2');
    expect(calls).toHaveLength(2);
  });

  it('refreshes in the background inside the refresh-ahead window and keeps serving the cached token', async () => {
    const clock = manualClock();
    const { fetch, calls } = mcTokenEndpoint();
    const provider = createTokenProvider({
      ...base,
      fetch,
      now: clock.now,
      expiryMarginSeconds: 30,
      refreshAheadSeconds: 60,
    });
    await provider.getToken();
    clock.advance((1079 - 30 - 60) * 1000 + 1);
    expect((await provider.getToken()).accessToken).toBe('token-1');
    await flushPromises(50);
    expect(calls).toHaveLength(2);
    expect((await provider.getToken()).accessToken).toBe('token-2');
  });

  /** The first token request succeeds; every later one (the background refresh) answers 503. */
  function providerWhoseRefreshFails() {
    const clock = manualClock();
    const errors: unknown[] = [];
    const { fetch, calls } = fakeFetch((_c, i) =>
      i === 0 ? json(200, mcToken(1)) : json(503, { message: 'down', errorcode: 50300 }),
    );
    const provider = createTokenProvider({
      ...base,
      fetch,
      now: clock.now,
      onBackgroundError: (e) => errors.push(e),
    });
    return { clock, errors, calls, provider };
  }

  it('reports background refresh failures without failing callers', async () => {
    const { clock, errors, provider } = providerWhoseRefreshFails();
    await provider.getToken();
    clock.advance(1000_000);
    expect((await provider.getToken()).accessToken).toBe('token-1');
    await flushPromises(50);
    expect(errors).toHaveLength(1);
  });

  it('a failing background refresh is not retried on every call: it backs off (1 s, 2 s, …)', async () => {
    const { clock, errors, calls, provider } = providerWhoseRefreshFails();
    await provider.getToken();
    clock.advance(1000_000); // inside the refresh-ahead window
    for (let i = 0; i < 100; i++) {
      expect((await provider.getToken()).accessToken).toBe('token-1');
      await flushPromises(5);
    }
    expect(calls).toHaveLength(2);
    clock.advance(1000);
    await provider.getToken();
    await flushPromises(20);
    expect(calls).toHaveLength(3);
    clock.advance(1000); // the pause has doubled to 2 s
    await provider.getToken();
    await flushPromises(20);
    expect(calls).toHaveLength(3);
    expect(errors).toHaveLength(2);
    // Once the token is no longer usable, callers wait for a request of their own (no pause there).
    clock.advance(60_000);
    await expect(provider.getToken()).rejects.toMatchObject({ code: 'ERR_SERVICE_UNAVAILABLE' });
    expect(calls).toHaveLength(4);
  });

  it('timer mode refreshes before expiry without any caller (fake timers)', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    try {
      const { fetch, calls } = mcTokenEndpoint();
      const provider = createTokenProvider({ ...base, fetch, backgroundRefresh: 'timer' });
      await provider.getToken();
      await vi.advanceTimersByTimeAsync((1079 - 30 - 60) * 1000 + 10);
      expect(calls).toHaveLength(2);
      expect((await provider.getToken()).accessToken).toBe('token-2');
      provider.close();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('token provider: single flight', () => {
  it('1 000 concurrent getToken() calls make exactly one request', async () => {
    const { fetch, calls } = mcTokenEndpoint();
    const provider = createTokenProvider({ ...base, fetch });
    const tokens = await Promise.all(Array.from({ length: 1000 }, () => provider.getToken()));
    expect(calls).toHaveLength(1);
    expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set(['token-1']));
  });

  it('concurrent forced refreshes rejecting the same token make one request', async () => {
    const { fetch, calls } = mcTokenEndpoint();
    const provider = createTokenProvider({ ...base, fetch });
    const first = await provider.getToken();
    const again = await Promise.all(
      Array.from({ length: 50 }, () =>
        provider.getToken({ forceRefresh: true, rejectToken: first.accessToken }),
      ),
    );
    expect(calls).toHaveLength(2);
    expect(new Set(again.map((t) => t.accessToken))).toEqual(new Set(['token-2']));
    // A late caller still holding token-1 gets token-2 without a new request.
    expect((await provider.getToken({ forceRefresh: true, rejectToken: 'token-1' })).accessToken).toBe(
      'token-2',
    );
    expect(calls).toHaveLength(2);
  });

  it('a failed request rejects every waiter and the next call tries again', async () => {
    const { fetch, calls } = fakeFetch((_c, i) =>
      i === 0 ? Promise.reject(new TypeError('fetch failed')) : json(200, mcToken(1)),
    );
    const provider = createTokenProvider({ ...base, fetch });
    const results = await Promise.allSettled([provider.getToken(), provider.getToken()]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(NetworkError);
    expect((await provider.getToken()).accessToken).toBe('token-1');
    expect(calls).toHaveLength(2);
  });

  it('invalidate() drops only the named token', async () => {
    const { fetch } = mcTokenEndpoint();
    const provider = createTokenProvider({ ...base, fetch });
    await provider.getToken();
    provider.invalidate('other');
    expect((await provider.getToken()).accessToken).toBe('token-1');
    provider.invalidate('token-1');
    expect((await provider.getToken()).accessToken).toBe('token-2');
  });
});

describe('token provider: shared cache', () => {
  it('two providers sharing a MemoryTokenCache make one request', async () => {
    const cache = new MemoryTokenCache();
    const { fetch, calls } = mcTokenEndpoint();
    const a = createTokenProvider({ ...base, fetch, cache });
    const b = createTokenProvider({ ...base, fetch, cache });
    const tokens = await Promise.all([
      ...Array.from({ length: 20 }, () => a.getToken()),
      ...Array.from({ length: 20 }, () => b.getToken()),
    ]);
    expect(calls).toHaveLength(1);
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
  });

  it('keys differ by account, scope set and client; scope order does not matter', () => {
    const key = (o: object) => createTokenProvider({ ...base, ...o }).cacheKey;
    expect(key({ scope: ['a', 'b'] })).toBe(key({ scope: 'b a' }));
    expect(key({ scope: ['a'] })).not.toBe(key({ scope: ['a', 'b'] }));
    expect(key({})).not.toBe(key({ scope: [] }));
    expect(key({ accountId: 1 })).not.toBe(key({ accountId: 2 }));
    expect(key({ clientId: 'other' })).not.toBe(key({}));
    expect(key({})).not.toContain(SECRET);
  });

  it('ignores a corrupted or tampered cache entry and a failing cache', async () => {
    const errors: unknown[] = [];
    const { fetch, calls } = mcTokenEndpoint();
    const broken = {
      get: async () => {
        throw new Error('redis down');
      },
      set: async () => {
        throw new Error('redis down');
      },
      delete: async () => {},
    };
    const provider = createTokenProvider({
      ...base,
      fetch,
      cache: broken,
      onBackgroundError: (e) => errors.push(e),
    });
    expect((await provider.getToken()).accessToken).toBe('token-1');
    expect(calls).toHaveLength(1);
    expect(errors.length).toBeGreaterThanOrEqual(2);
  });
});

describe('token provider: untrusted server responses', () => {
  const cases: [string, () => Response][] = [
    ['non-JSON body', () => new Response('<html>hi</html>', { status: 200 })],
    ['missing access_token', () => json(200, { ...mcToken(1), access_token: undefined })],
    ['empty access_token', () => json(200, mcToken(1, { access_token: '' }))],
    ['negative expires_in', () => json(200, mcToken(1, { expires_in: -5 }))],
    ['non-numeric expires_in', () => json(200, mcToken(1, { expires_in: 'soon' }))],
    ['missing expires_in', () => json(200, { ...mcToken(1), expires_in: undefined })],
    ['non-bearer token_type', () => json(200, mcToken(1, { token_type: 'mac' }))],
    ['javascript: instance URL', () => json(200, mcToken(1, { rest_instance_url: 'javascript:alert(1)' }))],
    [
      'http instance URL off loopback',
      () => json(200, mcToken(1, { rest_instance_url: 'http://evil.example/' })),
    ],
    [
      'instance URL with credentials',
      () => json(200, mcToken(1, { soap_instance_url: 'https://u:p@x.example/' })),
    ],
    [
      'bad tenant subdomain in instance URL',
      () => json(200, mcToken(1, { rest_instance_url: 'https://evil.com.rest.marketingcloudapis.com/' })),
    ],
    ['array body', () => json(200, [mcToken(1)])],
    ['scope not a string', () => json(200, mcToken(1, { scope: ['a'] }))],
    [
      'redirect (not followed)',
      () => new Response(null, { status: 302, headers: { location: 'https://evil.example/' } }),
    ],
  ];
  for (const [name, respond] of cases) {
    it(`rejects a token response with ${name}`, async () => {
      const { fetch } = fakeFetch(respond);
      const error = await createTokenProvider({ ...base, fetch })
        .getToken()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect(String((error as Error).message)).not.toContain(SECRET);
    });
  }

  it('does not follow redirects on the token endpoint', async () => {
    const { fetch, calls } = fakeFetch(
      () => new Response(null, { status: 307, headers: { location: 'https://evil.example/' } }),
    );
    await createTokenProvider({ ...base, fetch })
      .getToken()
      .catch(() => undefined);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe(`${AUTH}v2/token`);
  });
});

describe('token provider: option validation', () => {
  const bad: [string, object][] = [
    ['relative authBaseUri', { authBaseUri: 'auth/' }],
    ['http authBaseUri off loopback', { authBaseUri: 'http://auth.example.com/' }],
    ['authBaseUri with credentials', { authBaseUri: 'https://user:pw@auth.example.com/' }],
    ['authBaseUri with query', { authBaseUri: 'https://auth.example.com/?x=1' }],
    ['ftp authBaseUri', { authBaseUri: 'ftp://auth.example.com/' }],
    ['empty clientId', { clientId: '' }],
    ['clientId with spaces', { clientId: 'a b' }],
    ['empty clientSecret', { clientSecret: '' }],
    ['non-numeric accountId', { accountId: '12a' }],
    ['scope with quotes', { scope: ['a"b'] }],
    ['negative margin', { expiryMarginSeconds: -1 }],
  ];
  for (const [name, override] of bad) {
    it(`refuses ${name}`, () => {
      expect(() => createTokenProvider({ ...base, ...override })).toThrow(ConfigurationError);
    });
  }

  it('refuses a Marketing Cloud host whose tenant subdomain is invalid (ERR_INVALID_TSSD)', () => {
    for (const authBaseUri of [
      'https://evil.com.auth.marketingcloudapis.com/',
      'https://x.auth.marketingcloudapis.com/',
      'https://mc563885gzs27c5t9-63k636ttgmx.auth.marketingcloudapis.com/',
    ]) {
      expect(() => createTokenProvider({ ...base, authBaseUri })).toThrow(InvalidTssdError);
    }
  });

  it('accepts http on loopback and normalises the trailing slash', async () => {
    const { fetch, calls } = fakeFetch(() =>
      json(200, mcToken(1, { rest_instance_url: 'http://127.0.0.1:1/rest' })),
    );
    const token = await createTokenProvider({
      ...base,
      authBaseUri: 'http://127.0.0.1:8787/mc/auth',
      fetch,
    }).getToken();
    expect(calls[0]?.url).toBe('http://127.0.0.1:8787/mc/auth/v2/token');
    expect(token.restInstanceUrl).toBe('http://127.0.0.1:1/rest/');
  });
});
