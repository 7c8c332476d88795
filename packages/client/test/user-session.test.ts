import { describe, expect, it } from 'vitest';
import {
  AuthorizationDeniedError,
  buildAuthorizationUrl,
  ConfigurationError,
  computeCodeChallenge,
  createPkcePair,
  createUserSession,
  InvalidTssdError,
  MemoryTokenCache,
  NoRefreshTokenError,
  parseAuthorizationCallback,
  RefreshTokenRejectedError,
  type RefreshTokenRotation,
  type RotationNotPersistedError,
  StateMismatchError,
} from '../src/index.js';
import { AUTH, fakeFetch, json, manualClock, mcToken, TSSD } from './helpers/fake-fetch.js';

describe('PKCE (RFC 7636) and state', () => {
  it('computes the RFC 7636 appendix B challenge', () => {
    expect(computeCodeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('creates 43-char verifiers with matching S256 challenges, never twice the same', () => {
    const a = createPkcePair();
    const b = createPkcePair();
    expect(a.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.codeChallenge).toBe(computeCodeChallenge(a.codeVerifier));
    expect(a.codeChallengeMethod).toBe('S256');
    expect(a.codeVerifier).not.toBe(b.codeVerifier);
  });

  it.each(['short', 'x'.repeat(129), `${'a'.repeat(43)} `, `${'a'.repeat(42)}+`])(
    'refuses verifier %j',
    (v) => {
      expect(() => computeCodeChallenge(v)).toThrow(ConfigurationError);
    },
  );
});

describe('authorization URL builder', () => {
  it('builds {auth}v2/authorize with PKCE S256, state, scope and account_id', async () => {
    const request = await buildAuthorizationUrl({
      authBaseUri: AUTH,
      clientId: 'webapp',
      redirectUri: 'https://127.0.0.1:80/callback',
      scope: ['email_read', 'offline'],
      accountId: 42,
    });
    const url = new URL(request.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${AUTH}v2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'webapp',
      redirect_uri: 'https://127.0.0.1:80/callback',
      scope: 'email_read offline',
      state: request.state,
      code_challenge: computeCodeChallenge(request.codeVerifier),
      code_challenge_method: 'S256',
      account_id: '42',
    });
    expect(request.url).toContain('scope=email_read%20offline');
    expect(request.state.length).toBeGreaterThanOrEqual(20);
  });

  it.each(['/relative', 'https://app.example/cb#frag', 'not a uri'])(
    'refuses redirect URI %j',
    async (redirectUri) => {
      await expect(buildAuthorizationUrl({ authBaseUri: AUTH, clientId: 'x', redirectUri })).rejects.toThrow(
        ConfigurationError,
      );
    },
  );
});

describe('authorization callback', () => {
  it('returns the code and a validated tssd', () => {
    expect(
      parseAuthorizationCallback(`https://127.0.0.1/cb?code=abc&state=s1&tssd=${TSSD}`, {
        expectedState: 's1',
      }),
    ).toEqual({
      code: 'abc',
      tssd: TSSD,
    });
    expect(parseAuthorizationCallback('/cb?code=abc&state=s1', { expectedState: 's1' }).tssd).toBeUndefined();
  });

  it('refuses a wrong or missing state before anything else', () => {
    expect(() => parseAuthorizationCallback('/cb?code=abc&state=s2', { expectedState: 's1' })).toThrow(
      StateMismatchError,
    );
    expect(() => parseAuthorizationCallback('/cb?code=abc', { expectedState: 's1' })).toThrow(
      StateMismatchError,
    );
    expect(() => parseAuthorizationCallback('/cb?error=access_denied', { expectedState: 's1' })).toThrow(
      StateMismatchError,
    );
  });

  it('refuses an empty expected state (a lost login session) even when the callback has state=""', () => {
    expect(() => parseAuthorizationCallback('/cb?code=abc&state=', { expectedState: '' })).toThrow(
      StateMismatchError,
    );
    expect(() =>
      parseAuthorizationCallback('/cb?code=abc', { expectedState: undefined as unknown as string }),
    ).toThrow(StateMismatchError);
  });

  it('turns error redirects into AuthorizationDeniedError', () => {
    const call = () =>
      parseAuthorizationCallback(
        '/cb?state=s&error=invalid_request&error_description=code_challenge%20required',
        {
          expectedState: 's',
        },
      );
    expect(call).toThrow(AuthorizationDeniedError);
    expect(call).toThrow('authorization failed: invalid_request: code_challenge required');
  });

  it.each(['evil.com/', 'x@evil.com', `${TSSD}.evil.com`, 'short'])('refuses tssd %j', (tssd) => {
    const url = `/cb?code=c&state=s&tssd=${encodeURIComponent(tssd)}`;
    expect(() => parseAuthorizationCallback(url, { expectedState: 's' })).toThrow(InvalidTssdError);
  });
});

/** A token endpoint with rotating refresh tokens: each refresh token works once. */
function rotatingServer() {
  let n = 0;
  const live = new Set<string>();
  const fake = fakeFetch((call) => {
    const body = JSON.parse(call.body) as Record<string, string>;
    if (body.grant_type === 'refresh_token') {
      if (!live.delete(body.refresh_token ?? ''))
        return json(400, { error: 'invalid_grant', error_description: 'refresh token revoked' });
    } else if (body.code !== 'good-code') {
      return json(400, { error: 'invalid_grant' });
    }
    n++;
    live.add(`rt-${n}`);
    return json(200, mcToken(n, { refresh_token: `rt-${n}` }));
  });
  return { ...fake, live };
}

describe('user session: code exchange and refresh rotation', () => {
  const common = {
    authBaseUri: AUTH,
    clientId: 'webapp',
    clientSecret: 'websecret',
    redirectUri: 'https://127.0.0.1:80/callback',
  };

  it('exchanges the code with the verifier and persists the refresh token before returning', async () => {
    const server = rotatingServer();
    const stored: RefreshTokenRotation[] = [];
    const session = createUserSession({
      ...common,
      fetch: server.fetch,
      persistRotation: async (r) => void stored.push(r),
    });
    const token = await session.exchangeCode({ code: 'good-code', codeVerifier: 'v'.repeat(43) });
    expect(JSON.parse(server.calls[0]?.body ?? '')).toEqual({
      grant_type: 'authorization_code',
      client_id: 'webapp',
      client_secret: 'websecret',
      code: 'good-code',
      redirect_uri: 'https://127.0.0.1:80/callback',
      code_verifier: 'v'.repeat(43),
    });
    expect(token.refreshToken).toBe('rt-1');
    expect(stored).toEqual([{ previousRefreshToken: undefined, token }]);
  });

  it('20 concurrent callers after expiry make one refresh; the rotation is persisted once', async () => {
    const clock = manualClock();
    const server = rotatingServer();
    const stored: RefreshTokenRotation[] = [];
    const session = createUserSession({
      ...common,
      fetch: server.fetch,
      now: clock.now,
      persistRotation: async (r) => void stored.push(r),
    });
    await session.exchangeCode({ code: 'good-code' });
    clock.advance(1079_000);
    const tokens = await Promise.all(Array.from({ length: 20 }, () => session.getToken()));
    expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set(['token-2']));
    expect(server.calls).toHaveLength(2);
    expect(stored.map((r) => [r.previousRefreshToken, r.token.refreshToken])).toEqual([
      [undefined, 'rt-1'],
      ['rt-1', 'rt-2'],
    ]);
    expect(session.refreshToken).toBe('rt-2');
  });

  it('a failing persistence callback does not log the user out', async () => {
    const clock = manualClock();
    const server = rotatingServer();
    let failures = 1;
    const saved: string[] = [];
    const errors: RotationNotPersistedError[] = [];
    const session = createUserSession({
      ...common,
      fetch: server.fetch,
      now: clock.now,
      refreshToken: undefined,
      onPersistError: (e) => errors.push(e),
      persistRotation: async (r) => {
        if (r.previousRefreshToken === 'rt-1' && failures-- > 0) throw new Error('db down');
        saved.push(r.token.refreshToken ?? '');
      },
    });
    await session.exchangeCode({ code: 'good-code' });
    clock.advance(1079_000);
    expect((await session.getToken()).accessToken).toBe('token-2');
    expect(errors.map((e) => e.code)).toEqual(['ERR_ROTATION_NOT_PERSISTED']);
    clock.advance(1079_000);
    expect((await session.getToken()).accessToken).toBe('token-3');
    expect(saved).toEqual(['rt-1', 'rt-2', 'rt-3']);
  });

  it('after invalid_grant it retries once with a refresh token another process stored', async () => {
    const server = rotatingServer();
    server.live.add('rt-elsewhere');
    const session = createUserSession({
      ...common,
      fetch: server.fetch,
      refreshToken: 'rt-stale',
      loadRefreshToken: async () => (server.calls.length === 0 ? 'rt-stale' : 'rt-elsewhere'),
      persistRotation: async () => {},
    });
    expect((await session.getToken()).refreshToken).toBe('rt-1');
    expect(server.calls.map((c) => JSON.parse(c.body).refresh_token)).toEqual(['rt-stale', 'rt-elsewhere']);
  });

  it('a rejected refresh token surfaces RefreshTokenRejectedError; no token → NoRefreshTokenError', async () => {
    const server = rotatingServer();
    const session = createUserSession({
      ...common,
      fetch: server.fetch,
      refreshToken: 'rt-gone',
      persistRotation: async () => {},
    });
    const error = await session.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefreshTokenRejectedError);
    expect((error as Error).message).not.toContain('rt-gone');
    const empty = createUserSession({ ...common, fetch: server.fetch, persistRotation: async () => {} });
    await expect(empty.getToken()).rejects.toBeInstanceOf(NoRefreshTokenError);
  });

  it('a shared cache without a per-user lockKey is refused (processes would rotate concurrently)', () => {
    const cache = new MemoryTokenCache();
    expect(() => createUserSession({ ...common, cache, persistRotation: async () => {} })).toThrow(
      ConfigurationError,
    );
    expect(() =>
      createUserSession({ ...common, cache, lockKey: 'user-42', persistRotation: async () => {} }),
    ).not.toThrow();
  });

  it('a lock store failing on release does not fail a refresh that already succeeded', async () => {
    const server = rotatingServer();
    const clock = manualClock();
    const cache = new MemoryTokenCache(clock.now);
    const flaky = {
      ...cache,
      get: cache.get.bind(cache),
      set: cache.set.bind(cache),
      delete: cache.delete.bind(cache),
      acquireLock: async (key: string, ttlMs: number) => {
        const lock = await cache.acquireLock(key, ttlMs);
        return lock && { release: () => Promise.reject(new Error('lock store unreachable')) };
      },
    };
    const session = createUserSession({
      ...common,
      fetch: server.fetch,
      now: clock.now,
      cache: flaky,
      lockKey: 'user-1',
      persistRotation: async () => {},
    });
    await session.exchangeCode({ code: 'good-code', codeVerifier: 'v'.repeat(43) });
    clock.advance(1079_000);
    expect((await session.getToken()).accessToken).toBe('token-2');
    expect(session.refreshToken).toBe('rt-2');
  });

  it('public apps send no client_secret', async () => {
    const server = rotatingServer();
    const session = createUserSession({
      ...common,
      clientSecret: undefined,
      fetch: server.fetch,
      persistRotation: async () => {},
    });
    await session.exchangeCode({ code: 'good-code', codeVerifier: 'v'.repeat(43) });
    expect(JSON.parse(server.calls[0]?.body ?? '')).not.toHaveProperty('client_secret');
  });
});
