/**
 * Web app (confidential, authorization code + PKCE) on plain `node:http`: `/login` sends the browser to
 * `v2/authorize`, `/callback` exchanges the code, `/me` calls the REST API as the user. Refresh tokens
 * rotate on every refresh; the store swaps them atomically so a lost rotation never logs anyone out.
 *
 * A module an application imports (it has no command of its own); `npm run build` compiles it to
 * packages/client/dist/examples/web-app.js, and test/examples.test.ts runs it against a real Packgate.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import {
  buildAuthorizationUrl,
  createRestClient,
  createUserSession,
  PackgateClientError,
  parseAuthorizationCallback,
  type UserSession,
} from '@packgate/client';

/** Where the app keeps each user's newest refresh token (a database table in real life). */
export interface RefreshTokenStore {
  /** Compare-and-set: store `next` only if the stored value is still `previous`. */
  swap(userKey: string, previous: string | undefined, next: string | undefined): Promise<void>;
  read(userKey: string): Promise<string | undefined>;
}

/** What a web app integration is configured with. */
export interface WebAppSettings {
  authBaseUri: string;
  clientId: string;
  clientSecret: string;
  /** Registered on the integration, e.g. https://app.example.com/callback */
  redirectUri: string;
  store: RefreshTokenStore;
}

/** A tiny in-memory store for the example; use your database with a compare-and-set update. */
export function memoryRefreshTokenStore(): RefreshTokenStore {
  const tokens = new Map<string, string | undefined>();
  return {
    async swap(userKey, previous, next) {
      if (tokens.get(userKey) !== previous) throw new Error('refresh token changed meanwhile');
      tokens.set(userKey, next);
    },
    async read(userKey) {
      return tokens.get(userKey);
    },
  };
}

interface BrowserSession {
  login?: { state: string; codeVerifier: string };
  user?: UserSession;
}

/** The app's request handler: mount it with `http.createServer(createWebApp(settings))`. */
export function createWebApp(settings: WebAppSettings): RequestListener {
  const { authBaseUri, clientId, clientSecret, redirectUri, store } = settings;
  const sessions = new Map<string, BrowserSession>();

  function browserSession(req: IncomingMessage, res: ServerResponse): [string, BrowserSession] {
    const sid = /(?:^|;\s*)example_sid=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1] ?? randomUUID();
    if (!sessions.has(sid)) sessions.set(sid, {});
    res.setHeader('set-cookie', `example_sid=${sid}; HttpOnly; SameSite=Lax; Path=/`);
    return [sid, sessions.get(sid) as BrowserSession];
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', redirectUri);
    const [sid, session] = browserSession(req, res);

    if (url.pathname === '/login') {
      // 1. login: PKCE (S256) and state, kept server-side until the callback
      const request = await buildAuthorizationUrl({
        authBaseUri,
        clientId,
        redirectUri,
        scope: ['email_read', 'offline'],
      });
      session.login = { state: request.state, codeVerifier: request.codeVerifier };
      res.writeHead(302, { location: request.url }).end();
      return;
    }

    if (url.pathname === new URL(redirectUri).pathname) {
      // 2. callback: check state, exchange the code; every rotation is persisted atomically
      const login = session.login;
      session.login = undefined;
      const { code } = parseAuthorizationCallback(url, { expectedState: login?.state ?? '' });
      const user = createUserSession({
        authBaseUri,
        clientId,
        clientSecret,
        redirectUri,
        persistRotation: ({ previousRefreshToken, token }) =>
          store.swap(sid, previousRefreshToken, token.refreshToken),
        loadRefreshToken: () => store.read(sid),
      });
      await user.exchangeCode({ code, codeVerifier: login?.codeVerifier });
      session.user = user;
      res.writeHead(303, { location: '/me' }).end();
      return;
    }

    if (url.pathname === '/me' && session.user !== undefined) {
      // 3. any later request: the session refreshes (and rotates) by itself
      const rest = createRestClient({ tokenSource: session.user });
      const context = await rest.request<{ user: { id: number } }>('platform/v1/tokenContext');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(context));
      return;
    }

    res.writeHead(url.pathname === '/me' ? 401 : 404).end();
  }

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof PackgateClientError ? 400 : 500;
      const body = error instanceof PackgateClientError ? `${error.code}: ${error.hint}` : 'error';
      res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
    });
  };
}
