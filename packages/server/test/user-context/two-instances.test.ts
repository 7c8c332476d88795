import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { type RunningServer, startServer } from '../../src/start-server.js';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';
import { expectOAuthError, post } from '../support/oauth-assertions.js';
import { Browser, parseForm } from './support/browser.js';
import { createUser, PASSWORD, redirectParams, WEB_REDIRECT } from './support/fixture.js';

/** Where a load balancer would send the browser: both instances announce this public URL. */
const PUBLIC_URL = 'http://packgate.test';

/**
 * PRODUCT.md §10: many stateless processes on one PostgreSQL, behind any load balancer. Every
 * step of the user-context flow may land on either instance: the login form's CSRF token, the
 * login session, codes and refresh-token families live in the shared store, not in a process.
 */
describe.each(BACKENDS.filter((b) => b.name === 'postgres'))(
  'user-context flow across two instances on one PostgreSQL ($name)',
  (backend) => {
    let a: TestServer;
    let b: RunningServer;
    let bDataDir: string;
    let clientId: string;
    let clientSecret: string;
    /** The same request path on instance A or B (the public URL names neither). */
    const on = (server: 'a' | 'b', url: string) =>
      url.replace(PUBLIC_URL, server === 'a' ? a.baseUrl : b.url);
    const auth = () => `${PUBLIC_URL}/${a.subdomain}/auth/`;

    beforeAll(async () => {
      const options = backend.serverOptions();
      a = await startTestServer({ ...options, settings: { publicUrl: PUBLIC_URL } });
      bDataDir = mkdtempSync(join(tmpdir(), 'packgate-test-b-'));
      const schema = options.postgres?.schema ?? '';
      b = await startServer(
        parseConfig({
          port: '0',
          dataDir: bDataDir,
          logLevel: 'silent',
          publicUrl: PUBLIC_URL,
          databaseUrl: options.postgres?.url ?? '',
        }),
        { database: { postgresSchema: schema } },
      );
      const pkg = await a.admin('POST', `/tenants/${a.subdomain}/packages`, { name: 'Shared web app' });
      const integration = await a.admin(
        'POST',
        `/tenants/${a.subdomain}/packages/${pkg.body.id}/integration`,
        {
          integrationType: 'web-app',
          scopes: ['email_read', 'offline'],
          redirectUris: [WEB_REDIRECT],
        },
      );
      clientId = integration.body.clientId;
      clientSecret = integration.body.clientSecret;
      const ada = await createUser(a, 'ada', [{ mid: a.eid, permissions: ['email_read'] }]);
      await a.admin('PUT', `/tenants/${a.subdomain}/packages/${pkg.body.id}/integration/licenses`, {
        userIds: [ada.id],
      });
    });
    afterAll(async () => {
      await b?.close();
      await a?.close();
      rmSync(bDataDir, { recursive: true, force: true });
      await backend.cleanup();
    });

    it('login form from A, sign-in on B, session on A, code and refresh tokens on either', async () => {
      const browser = new Browser();
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: WEB_REDIRECT,
        scope: 'email_read',
        state: 's',
      });
      const login = await browser.get(on('a', `${auth()}v2/authorize?${query}`));
      expect(login.status).toBe(200);
      const form = parseForm(login.html);
      expect(form.action).toBe(`${auth()}v2/authorize`);
      // B checks the CSRF token A issued (the key is in the store) and starts the session.
      const signedIn = await browser.post(on('b', form.action), {
        ...form.fields,
        username: 'ada',
        password: PASSWORD,
      });
      expect(signedIn.status).toBe(303);
      const code = redirectParams(signedIn).get('code') ?? '';
      expect(redirectParams(signedIn).get('iss')).toBe(auth());
      // A knows the session B started: no password form.
      const again = await browser.get(on('a', `${auth()}v2/authorize?${query}`));
      expect(again.status).toBe(302);
      const secondCode = redirectParams(again).get('code') ?? '';

      const web = { client_id: clientId, client_secret: clientSecret };
      const tokenOn = (server: 'a' | 'b', body: Record<string, string>) =>
        post(on(server, `${auth()}v2/token`), { ...web, ...body });
      // A code issued by B is exchanged on A; a replay on B revokes what it issued.
      const issued = await tokenOn('a', {
        grant_type: 'authorization_code',
        code,
        redirect_uri: WEB_REDIRECT,
      });
      expect(issued.status).toBe(200);
      expect(issued.body.scope).toBe('email_read');
      expectOAuthError(
        await tokenOn('b', { grant_type: 'authorization_code', code, redirect_uri: WEB_REDIRECT }),
        'invalid_grant',
        400,
        /already been used/,
      );
      expectOAuthError(
        await tokenOn('a', { grant_type: 'refresh_token', refresh_token: issued.body.refresh_token }),
        'invalid_grant',
        400,
      );

      // Rotation on B, reuse of the retired token on A: the whole family is gone everywhere.
      const other = await tokenOn('b', {
        grant_type: 'authorization_code',
        code: secondCode,
        redirect_uri: WEB_REDIRECT,
      });
      expect(other.status).toBe(200);
      const rotated = await tokenOn('b', {
        grant_type: 'refresh_token',
        refresh_token: other.body.refresh_token,
      });
      expect(rotated.status).toBe(200);
      expectOAuthError(
        await tokenOn('a', { grant_type: 'refresh_token', refresh_token: other.body.refresh_token }),
        'invalid_grant',
        400,
        /already used/,
      );
      expectOAuthError(
        await tokenOn('b', { grant_type: 'refresh_token', refresh_token: rotated.body.refresh_token }),
        'invalid_grant',
        400,
      );

      // Logging out on B ends the session for A too, even for a browser that kept the cookie.
      const sessionCookie = `packgate_session_${a.subdomain}`;
      const sessionId = browser.cookies.get(sessionCookie) ?? '';
      const logoutPage = await browser.get(on('a', `${auth()}v2/logout`));
      const logout = parseForm(logoutPage.html);
      expect((await browser.post(on('b', logout.action), logout.fields)).status).toBe(200);
      browser.cookies.set(sessionCookie, sessionId);
      const afterLogout = await browser.get(on('a', `${auth()}v2/authorize?${query}`));
      expect(afterLogout.status).toBe(200);
      expect(afterLogout.html).toMatch(/name="password"/);
    });
  },
);
