import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/src/testing.js';
import { Browser, parseForm } from '../../server/test/user-context/support/browser.js';
import {
  buildAuthorizationUrl,
  createRestClient,
  createTokenProvider,
  createUserSession,
  type FetchLike,
  InvalidGrantError,
  MemoryTokenCache,
  parseAuthorizationCallback,
  RefreshTokenRejectedError,
  type RefreshTokenRotation,
  RotationNotPersistedError,
  type UserSessionOptions,
} from '../src/index.js';

const WEB_REDIRECT = 'https://webapp.example/callback';
const PUBLIC_REDIRECT = 'http://127.0.0.1:8123/cb';
const APP_SCOPES = ['email_read', 'data_extensions_read', 'offline'];
const PASSWORD = 'correct horse battery staple';
/** expires_in (1079 s) plus a minute: every cached access token is due for a refresh. */
const PAST_EXPIRY_MS = 1140_000;

interface App {
  clientId: string;
  clientSecret?: string;
  redirectUri: string;
}

/** Wraps the global fetch and counts requests to the token endpoint. */
function countingFetch() {
  const counter = { tokenRequests: 0, fetch: undefined as unknown as FetchLike };
  counter.fetch = (input, init) => {
    if (String(input).endsWith('/v2/token')) counter.tokenRequests++;
    return fetch(input, init);
  };
  return counter;
}

describe('SDK user context against a real Packgate (authorization code + PKCE, refresh rotation)', () => {
  let server: TestServer;
  let clock = Date.UTC(2026, 0, 15, 12);
  let webApp: App;
  let publicApp: App;
  let userId: number;

  async function createApp(name: string, integrationType: string, redirectUri: string): Promise<App> {
    const sub = server.subdomain;
    const pkg = await server.admin('POST', `/tenants/${sub}/packages`, { name });
    expect(pkg.status).toBe(201);
    const integration = await server.admin('POST', `/tenants/${sub}/packages/${pkg.body.id}/integration`, {
      integrationType,
      scopes: APP_SCOPES,
      redirectUris: [redirectUri],
    });
    expect(integration.status).toBe(201);
    const licences = await server.admin(
      'PUT',
      `/tenants/${sub}/packages/${pkg.body.id}/integration/licenses`,
      {
        userIds: [userId],
      },
    );
    expect(licences.status).toBe(200);
    return { clientId: integration.body.clientId, clientSecret: integration.body.clientSecret, redirectUri };
  }

  beforeAll(async () => {
    server = await startTestServer({ now: () => clock });
    const user = await server.admin('POST', `/tenants/${server.subdomain}/users`, {
      username: 'grace',
      password: PASSWORD,
      businessUnits: [
        { mid: server.eid, permissions: ['email_read', 'data_extensions_read', 'journeys_read'] },
      ],
    });
    expect(user.status).toBe(201);
    userId = user.body.id;
    webApp = await createApp('SDK web app', 'web-app', WEB_REDIRECT);
    publicApp = await createApp('SDK public app', 'public-app', PUBLIC_REDIRECT);
    expect(publicApp.clientSecret).toBeUndefined();
  });
  afterAll(async () => {
    await server?.close();
  });

  /**
   * The browser part, as a no-JavaScript browser does it: the SDK's authorization URL, the server's
   * login form posted over plain HTTP, and the SDK's callback parser on the redirect.
   */
  async function authorize(app: App) {
    const request = await buildAuthorizationUrl({
      authBaseUri: server.authBaseUri,
      clientId: app.clientId,
      redirectUri: app.redirectUri,
      scope: APP_SCOPES,
    });
    const browser = new Browser();
    const login = await browser.get(request.url);
    expect(login.status).toBe(200);
    const form = parseForm(login.html);
    const back = await browser.post(form.action, { ...form.fields, username: 'grace', password: PASSWORD });
    expect(back.status).toBe(303); // See Other: the browser follows the POST with a GET
    expect(back.location?.startsWith(app.redirectUri)).toBe(true);
    const callback = parseAuthorizationCallback(back.location ?? '', { expectedState: request.state });
    return { ...callback, codeVerifier: request.codeVerifier };
  }

  function sessionFor(
    app: App,
    overrides: Partial<UserSessionOptions> & Pick<UserSessionOptions, 'persistRotation'>,
  ) {
    return createUserSession({
      authBaseUri: server.authBaseUri,
      clientId: app.clientId,
      ...(app.clientSecret === undefined ? {} : { clientSecret: app.clientSecret }),
      redirectUri: app.redirectUri,
      now: () => clock,
      ...overrides,
    });
  }

  /** A signed-in session of `app` and the rotations it persisted. */
  async function signedIn(app: App, fetchImpl: FetchLike = fetch) {
    const persisted: RefreshTokenRotation[] = [];
    const session = sessionFor(app, {
      fetch: fetchImpl,
      persistRotation: async (rotation) => void persisted.push(rotation),
    });
    const { code, codeVerifier } = await authorize(app);
    const token = await session.exchangeCode({ code, codeVerifier });
    return { session, persisted, token };
  }

  /** A refresh request straight to the server, as a third party holding `refreshToken` would send it. */
  function refreshDirectly(app: App, refreshToken: string) {
    return fetch(`${server.authBaseUri}v2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: app.clientId,
        ...(app.clientSecret === undefined ? {} : { client_secret: app.clientSecret }),
      }),
    });
  }

  it('web app: SDK authorization URL with PKCE → login form → code exchange with the secret', async () => {
    const { code, codeVerifier, tssd } = await authorize(webApp);
    expect(tssd).toBe(server.subdomain);
    const persisted: RefreshTokenRotation[] = [];
    const session = sessionFor(webApp, { persistRotation: async (r) => void persisted.push(r) });
    const token = await session.exchangeCode({ code, codeVerifier });
    // requested ∩ app scopes ∩ the user's permissions (journeys_read is the user's, not the app's)
    expect(token.scope).toEqual(['email_read', 'data_extensions_read', 'offline']);
    expect(token.restInstanceUrl).toBe(server.restBaseUri);
    expect(token.expiresAt).toBe(clock + 1079_000);
    expect(token.refreshToken).toEqual(expect.any(String));
    expect(persisted).toEqual([{ previousRefreshToken: undefined, token }]);
    const rest = createRestClient({ tokenSource: session });
    const context = await rest.request<{ organization: { id: number }; user: { id: number } }>(
      'platform/v1/tokenContext',
    );
    expect(context).toEqual({
      enterprise: { id: server.eid },
      organization: { id: server.eid },
      user: { id: userId },
    });
  });

  it('a wrong PKCE verifier on the code exchange is refused and nothing is persisted', async () => {
    const { code } = await authorize(webApp);
    const persisted: RefreshTokenRotation[] = [];
    const session = sessionFor(webApp, { persistRotation: async (r) => void persisted.push(r) });
    const other = await buildAuthorizationUrl({
      authBaseUri: server.authBaseUri,
      clientId: webApp.clientId,
      redirectUri: WEB_REDIRECT,
    });
    const error = await session
      .exchangeCode({ code, codeVerifier: other.codeVerifier })
      .catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ code: 'ERR_INVALID_GRANT', oauthError: 'invalid_grant', status: 400 });
    expect(persisted).toEqual([]);
    expect(JSON.stringify({ message: (error as Error).message, ...(error as object) })).not.toContain(code);
  });

  for (const kind of ['web', 'public'] as const) {
    it(`${kind} app: 50 concurrent callers after expiry → one refresh, rotation persisted once, old refresh token rejected`, async () => {
      const app = kind === 'web' ? webApp : publicApp;
      const counter = countingFetch();
      const { session, persisted, token: first } = await signedIn(app, counter.fetch);
      expect(counter.tokenRequests).toBe(1);
      expect(persisted).toHaveLength(1);

      clock += PAST_EXPIRY_MS;
      const rest = createRestClient({ tokenSource: session, fetch: counter.fetch });
      const results = await Promise.all([
        ...Array.from({ length: 25 }, () => session.getToken()),
        ...Array.from({ length: 25 }, () =>
          rest.request<{ user: { id: number } }>('platform/v1/tokenContext').then(() => session.getToken()),
        ),
      ]);
      expect(counter.tokenRequests).toBe(2);
      const second = results[0];
      expect(new Set(results.map((t) => t.accessToken))).toEqual(new Set([second?.accessToken]));
      expect(second?.accessToken).not.toBe(first.accessToken);
      expect(second?.refreshToken).not.toBe(first.refreshToken);
      expect(persisted).toHaveLength(2);
      expect(persisted[1]).toEqual({ previousRefreshToken: first.refreshToken, token: second });
      expect(session.refreshToken).toBe(second?.refreshToken);

      // The retired refresh token: the server refuses it (RFC 9700 reuse detection)…
      const reuse = await refreshDirectly(app, first.refreshToken ?? '');
      expect(reuse.status).toBe(400);
      expect(await reuse.json()).toMatchObject({ error: 'invalid_grant' });
      // …and so a session started from it, as a typed error whose hint says to sign in again.
      const stale = sessionFor(app, { refreshToken: first.refreshToken, persistRotation: async () => {} });
      const error = await stale.getToken().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RefreshTokenRejectedError);
      expect((error as RefreshTokenRejectedError).hint).toMatch(/sign in again/);
    });
  }

  it('a failed persistence callback does not log the user out: the new token is kept and saved on the next refresh', async () => {
    const counter = countingFetch();
    const attempts: RefreshTokenRotation[] = [];
    const saved: RefreshTokenRotation[] = [];
    const persistErrors: RotationNotPersistedError[] = [];
    let storeIsDown = false;
    const session = sessionFor(webApp, {
      fetch: counter.fetch,
      persistRotation: async (rotation) => {
        attempts.push(rotation);
        if (storeIsDown) throw new Error('database unavailable');
        saved.push(rotation);
      },
      onPersistError: (error) => persistErrors.push(error),
    });
    const { code, codeVerifier } = await authorize(webApp);
    const first = await session.exchangeCode({ code, codeVerifier });

    storeIsDown = true;
    clock += PAST_EXPIRY_MS;
    const second = await session.getToken();
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(persistErrors).toHaveLength(1);
    expect(persistErrors[0]).toBeInstanceOf(RotationNotPersistedError);
    expect(persistErrors[0]?.code).toBe('ERR_ROTATION_NOT_PERSISTED');
    expect(saved.map((r) => r.token.refreshToken)).toEqual([first.refreshToken]);
    expect(session.refreshToken).toBe(second.refreshToken);
    // The user is still signed in: the API accepts the new access token…
    const rest = createRestClient({ tokenSource: session, fetch: counter.fetch });
    expect((await rest.request<{ user: { id: number } }>('platform/v1/tokenContext')).user.id).toBe(userId);

    // …and the next refresh uses the unsaved refresh token; the lost rotation is saved first.
    storeIsDown = false;
    clock += PAST_EXPIRY_MS;
    const third = await session.getToken();
    expect(third.accessToken).not.toBe(second.accessToken);
    expect(counter.tokenRequests).toBe(3);
    expect(saved.map((r) => r.token.refreshToken)).toEqual([
      first.refreshToken,
      second.refreshToken,
      third.refreshToken,
    ]);
    expect(saved[2]?.previousRefreshToken).toBe(second.refreshToken);
    expect(attempts).toHaveLength(4);
    expect(persistErrors).toHaveLength(1);
    // Nothing the server issued was revoked on the way: the family is intact.
    expect((await refreshDirectly(webApp, third.refreshToken ?? '')).status).toBe(200);
  });
  it("a web app's credentials on client_credentials → InvalidGrantError: the grant does not match the integration type", async () => {
    const error = (await createTokenProvider({
      authBaseUri: server.authBaseUri,
      clientId: webApp.clientId,
      clientSecret: webApp.clientSecret,
    })
      .getToken()
      .catch((e: unknown) => e)) as InvalidGrantError;
    expect(error).toBeInstanceOf(InvalidGrantError);
    expect(error).toMatchObject({ code: 'ERR_INVALID_GRANT', oauthError: 'invalid_grant', status: 400 });
    expect(error.hint).toMatch(/grant type does not match the integration type/);
    expect(JSON.stringify({ m: error.message, ...error })).not.toContain(webApp.clientSecret ?? '-');
  });
  it('two sessions of one user (two app instances) sharing the store and a lock: concurrent refreshes never reuse a rotated token', async () => {
    // The app's refresh-token table: compare-and-set, as the README asks.
    let stored: string | undefined;
    const store = {
      persistRotation: async ({ previousRefreshToken, token }: RefreshTokenRotation) => {
        if (stored !== previousRefreshToken) throw new Error('stale rotation');
        stored = token.refreshToken;
      },
      loadRefreshToken: async () => stored,
    };
    const lock = new MemoryTokenCache(() => clock);
    const counter = countingFetch();
    const instance = (refreshToken?: string) =>
      sessionFor(webApp, { ...store, refreshToken, cache: lock, lockKey: 'grace', fetch: counter.fetch });
    const a = instance();
    const { code, codeVerifier } = await authorize(webApp);
    const first = await a.exchangeCode({ code, codeVerifier });
    // The second instance started earlier with the same refresh token in memory.
    const b = instance(first.refreshToken);

    clock += PAST_EXPIRY_MS;
    const tokens = await Promise.all([
      ...Array.from({ length: 10 }, () => a.getToken()),
      ...Array.from({ length: 10 }, () => b.getToken()),
    ]);
    expect(counter.tokenRequests).toBe(3); // the code exchange, then one refresh per instance, in turn
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(2);
    expect(stored).toBe(b.refreshToken);
    expect(a.refreshToken).not.toBe(first.refreshToken);
    // No rotated token was presented again, so the grant is intact: both access tokens still work…
    for (const session of [a, b]) {
      const rest = createRestClient({ tokenSource: session });
      expect((await rest.request<{ user: { id: number } }>('platform/v1/tokenContext')).user.id).toBe(userId);
    }
    // …and the newest stored refresh token refreshes.
    expect((await refreshDirectly(webApp, stored ?? '')).status).toBe(200);
  });
});
