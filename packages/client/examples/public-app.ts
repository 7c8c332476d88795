/**
 * Public app (a CLI or desktop app: no secret, PKCE required). Signs the user in through the system
 * browser and a loopback redirect URI (RFC 8252), then keeps the refresh token in the OS keychain
 * (here: a callback) so later runs start without a browser.
 *
 * A module an application imports (it has no command of its own); `npm run build` compiles it to
 * packages/client/dist/examples/public-app.js, and test/examples.test.ts runs it against a real Packgate.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  buildAuthorizationUrl,
  createUserSession,
  parseAuthorizationCallback,
  type UserSession,
} from '@packgate/client';

/** What a public app integration is configured with. */
export interface PublicAppSettings {
  authBaseUri: string;
  clientId: string;
  /** Loopback port of the registered redirect URI `http://127.0.0.1:{port}/callback`. */
  port: number;
  /** Opens the system browser (e.g. with the `open` package); the example's test drives a browser. */
  openBrowser: (url: string) => void | Promise<void>;
  /** Keeps the newest refresh token (OS keychain, encrypted file, …). */
  saveRefreshToken: (refreshToken: string | undefined) => Promise<void>;
}

function sessionFor(settings: PublicAppSettings, refreshToken?: string): UserSession {
  return createUserSession({
    authBaseUri: settings.authBaseUri,
    clientId: settings.clientId, // no clientSecret: a public app has none
    redirectUri: `http://127.0.0.1:${settings.port}/callback`,
    refreshToken,
    persistRotation: ({ token }) => settings.saveRefreshToken(token.refreshToken),
  });
}

/** First run: sign in through the browser and return a session that refreshes by itself. */
export async function signIn(settings: PublicAppSettings): Promise<UserSession> {
  const redirectUri = `http://127.0.0.1:${settings.port}/callback`;
  const { url, state, codeVerifier } = await buildAuthorizationUrl({
    authBaseUri: settings.authBaseUri,
    clientId: settings.clientId,
    redirectUri,
    scope: ['email_read', 'offline'],
  });
  const server = createServer();
  server.listen(settings.port, '127.0.0.1');
  await once(server, 'listening');
  try {
    const callbackRequest = once(server, 'request'); // listen before the browser can come back
    await settings.openBrowser(url);
    const [req, res] = (await callbackRequest) as [IncomingMessage, ServerResponse];
    res.writeHead(200, { 'content-type': 'text/plain' }).end('Signed in: you can close this window.');
    const callback = new URL(req.url ?? '/', redirectUri);
    const { code } = parseAuthorizationCallback(callback, { expectedState: state });
    const session = sessionFor(settings);
    await session.exchangeCode({ code, codeVerifier });
    return session;
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

/** Later runs: start from the stored refresh token, no browser. */
export function resume(settings: PublicAppSettings, storedRefreshToken: string): UserSession {
  return sessionFor(settings, storedRefreshToken);
}
