import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/backends.js';
import { expectOAuthError, post } from '../support/oauth-assertions.js';
import { Browser, parseForm } from './support/browser.js';
import {
  authorizeUrl,
  exchangeWebCode,
  type Fixture,
  obtainCode,
  PUBLIC_REDIRECT,
  pkcePair,
  publicAuthorizeParams,
  redirectParams,
  signIn,
  startFixture,
  token,
  webAuthorizeParams,
} from './support/fixture.js';

describe.each(BACKENDS)('revocation, introspection, userinfo and logout ($name)', (backend) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture(backend);
  });
  afterAll(async () => {
    await f.server.close();
    await backend.cleanup();
  });

  const endpoint = (name: string) => `${f.server.authBaseUri}v2/${name}`;
  const webAuth = () => ({ client_id: f.webApp.clientId, client_secret: f.webApp.clientSecret ?? '' });
  const s2sAuth = () => ({ client_id: f.server.clientId, client_secret: f.server.clientSecret });
  const userinfo = (accessToken: string, headers: Record<string, string> = {}) =>
    fetch(endpoint('userinfo'), { headers: { authorization: `Bearer ${accessToken}`, ...headers } });
  const webTokens = async (params: Record<string, string> = {}, browser = new Browser()) => {
    const res = await exchangeWebCode(f, await obtainCode(f, webAuthorizeParams(f, params), 'ada', browser));
    expect(res.status).toBe(200);
    return res.body as { access_token: string; refresh_token: string };
  };
  const s2sToken = async () =>
    (await token(f, { grant_type: 'client_credentials', ...s2sAuth() })).body.access_token as string;

  describe('POST v2/revoke (RFC 7009)', () => {
    it('revoking a refresh token revokes its family, access tokens included', async () => {
      const t = await webTokens();
      const res = await post(endpoint('revoke'), {
        token: t.refresh_token,
        token_type_hint: 'refresh_token',
        ...webAuth(),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect((await userinfo(t.access_token)).status).toBe(401);
      expectOAuthError(
        await token(f, { grant_type: 'refresh_token', refresh_token: t.refresh_token, ...webAuth() }),
        'invalid_grant',
        400,
      );
      // Idempotent.
      expect((await post(endpoint('revoke'), { token: t.refresh_token, ...webAuth() })).status).toBe(200);
    });

    it('revoking an access token (form body, HTTP Basic)', async () => {
      const t = await webTokens();
      const basic = Buffer.from(`${f.webApp.clientId}:${f.webApp.clientSecret}`).toString('base64');
      const res = await post(endpoint('revoke'), `token=${t.access_token}&token_type_hint=access_token`, {
        headers: { authorization: `Basic ${basic}` },
      });
      expect(res.status).toBe(200);
      expect((await userinfo(t.access_token)).status).toBe(401);
      // The refresh token lives on: only the access token was revoked.
      expect(
        (await token(f, { grant_type: 'refresh_token', refresh_token: t.refresh_token, ...webAuth() }))
          .status,
      ).toBe(200);
    });

    it('unknown tokens answer 200; a public app revokes with its client_id', async () => {
      expect((await post(endpoint('revoke'), { token: 'unknown', ...webAuth() })).status).toBe(200);
      expect((await post(endpoint('revoke'), { token: 'a.b.c', ...webAuth() })).status).toBe(200);
      const { verifier, challenge } = pkcePair();
      const code = await obtainCode(f, publicAuthorizeParams(f, challenge));
      const pub = await token(f, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: PUBLIC_REDIRECT,
        client_id: f.publicApp.clientId,
        code_verifier: verifier,
      });
      expect(
        (await post(endpoint('revoke'), { token: pub.body.refresh_token, client_id: f.publicApp.clientId }))
          .status,
      ).toBe(200);
      expect((await userinfo(pub.body.access_token)).status).toBe(401);
    });

    it('a client can revoke only its own tokens; client authentication is required', async () => {
      const t = await webTokens();
      expectOAuthError(
        await post(endpoint('revoke'), { token: t.refresh_token, ...s2sAuth() }),
        'invalid_request',
        400,
        /only its own/,
      );
      expectOAuthError(
        await post(endpoint('revoke'), { token: t.access_token, client_id: f.publicApp.clientId }),
        'invalid_request',
        400,
        /only its own/,
      );
      expect((await userinfo(t.access_token)).status).toBe(200);
      expectOAuthError(await post(endpoint('revoke'), { token: t.refresh_token }), 'invalid_client', 401);
      expectOAuthError(
        await post(endpoint('revoke'), {
          token: t.refresh_token,
          client_id: f.webApp.clientId,
          client_secret: 'wrong',
        }),
        'invalid_client',
        401,
      );
      expectOAuthError(await post(endpoint('revoke'), { ...webAuth() }), 'invalid_request', 400, /"token"/);
    });

    it('a server-to-server client revokes its own access token', async () => {
      const access = await s2sToken();
      expect((await post(endpoint('revoke'), { token: access, ...s2sAuth() })).status).toBe(200);
      const res = await post(endpoint('introspect'), { token: access, ...s2sAuth() });
      expect(res.body).toEqual({ active: false });
    });
  });

  describe('POST v2/introspect (RFC 7662)', () => {
    it('describes an active user access token and refresh token', async () => {
      const t = await webTokens();
      const access = await post(endpoint('introspect'), { token: t.access_token, ...s2sAuth() });
      expect(access.status).toBe(200);
      expect(access.headers.get('cache-control')).toBe('no-store');
      expect(access.body).toMatchObject({
        active: true,
        scope: 'email_read data_extensions_read offline',
        client_id: f.webApp.clientId,
        token_type: 'Bearer',
        sub: String(f.users.ada.id),
        uid: f.users.ada.id,
        mid: f.server.eid,
        iss: f.server.authBaseUri,
        client_type: 'Confidential',
      });
      const refresh = await post(endpoint('introspect'), { token: t.refresh_token, ...webAuth() });
      expect(refresh.body).toMatchObject({
        active: true,
        token_type: 'refresh_token',
        client_id: f.webApp.clientId,
        sub: String(f.users.ada.id),
      });
    });

    it('expired, revoked, unknown and foreign-tenant tokens are {"active": false}', async () => {
      const t = await webTokens();
      const inactive = async (tok: string) =>
        expect((await post(endpoint('introspect'), { token: tok, ...s2sAuth() })).body).toEqual({
          active: false,
        });
      await inactive('garbage');
      await inactive('x.y.z');
      f.clock.now += 1200_000;
      try {
        await inactive(t.access_token);
      } finally {
        f.clock.now -= 1200_000;
      }
      await post(endpoint('revoke'), { token: t.refresh_token, ...webAuth() });
      await inactive(t.access_token);
      await inactive(t.refresh_token);
      // A token of this tenant presented at another tenant's endpoint.
      const other = await f.server.admin('POST', '/tenants', { name: 'Other' });
      const pkg = await f.server.admin('POST', `/tenants/${other.body.subdomain}/packages`, { name: 'x' });
      const s2s = await f.server.admin(
        'POST',
        `/tenants/${other.body.subdomain}/packages/${pkg.body.id}/integration`,
        { integrationType: 'server-to-server', scopes: ['email_read'] },
      );
      const t2 = await webTokens();
      const foreign = await post(`${other.body.authBaseUri}v2/introspect`, {
        token: t2.access_token,
        client_id: s2s.body.clientId,
        client_secret: s2s.body.clientSecret,
      });
      expect(foreign.body).toEqual({ active: false });
    });

    it('only authenticated confidential clients may introspect', async () => {
      const t = await webTokens();
      expectOAuthError(
        await post(endpoint('introspect'), { token: t.access_token, client_id: f.publicApp.clientId }),
        'invalid_client',
        401,
        /confidential/,
      );
      expectOAuthError(await post(endpoint('introspect'), { token: t.access_token }), 'invalid_client', 401);
      expectOAuthError(
        await post(endpoint('introspect'), { ...webAuth() }),
        'invalid_request',
        400,
        /"token"/,
      );
    });
  });

  describe('GET v2/userinfo', () => {
    it('answers the Marketing Cloud shape for a user token', async () => {
      const t = await webTokens();
      const res = await userinfo(t.access_token);
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toMatchObject({
        sub: String(f.users.ada.id),
        iss: f.server.authBaseUri,
        user: { sub: String(f.users.ada.id), preferred_username: 'ada', name: 'ada' },
        organization: { member_id: f.server.eid, enterprise_id: f.server.eid, account_type: 'enterprise' },
        rest: { rest_instance_url: f.server.restBaseUri, soap_instance_url: f.server.soapBaseUri },
        application: {
          name: 'Web test app',
          appScopes: [
            'email_read',
            'email_write',
            'data_extensions_read',
            'data_extensions_write',
            'offline',
          ],
        },
      });
      expect(typeof body.exp).toBe('number');
      expect(
        body.permissions.map(
          (p: { objectTypeName: string; operationName: string }) => `${p.objectTypeName}:${p.operationName}`,
        ),
      ).toEqual(['Email:Read', 'Journeys:Read', 'Data Extensions:Read']);

      // sfmc-auth.md §4.2: view=oidc gives user.sub Marketing Cloud's OpenID form.
      const oidc = await fetch(`${endpoint('userinfo')}?view=oidc`, {
        headers: { authorization: `Bearer ${t.access_token}` },
      });
      const oidcBody = (await oidc.json()) as { sub: string; user: { sub: string } };
      expect(oidcBody.user.sub).toBe(`https://mc.auth.marketingcloudapis.com/uid/${f.users.ada.id}`);
      expect(oidcBody.sub).toBe(String(f.users.ada.id));
    });

    it('refuses missing, invalid, S2S and foreign tokens with a Bearer challenge', async () => {
      const none = await fetch(endpoint('userinfo'));
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe(`Bearer realm="${f.server.authBaseUri}"`);
      const bad = await userinfo('abc.def.ghi');
      expect(bad.status).toBe(401);
      expect(bad.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
      const s2s = await userinfo(await s2sToken());
      expect(s2s.status).toBe(403);
      expect((await s2s.json()).error).toBe('insufficient_scope');
      const other = await f.server.admin('POST', '/tenants', { name: 'Another' });
      const t = await webTokens();
      const foreign = await fetch(`${other.body.authBaseUri}v2/userinfo`, {
        headers: { authorization: `Bearer ${t.access_token}` },
      });
      expect(foreign.status).toBe(401);
    });
  });

  describe('logout and the offline scope', () => {
    const logout = async (browser: Browser) => {
      const page = await browser.get(endpoint('logout'));
      expect(page.status).toBe(200);
      const form = parseForm(page.html);
      return browser.post(form.action, form.fields);
    };

    it('without offline, logging out revokes the tokens of that session; with offline they live on', async () => {
      const browser = new Browser();
      const online = await webTokens({ scope: 'email_read' }, browser);
      const offline = await webTokens({ scope: 'email_read offline' }, browser);
      const other = await webTokens({ scope: 'email_read' }); // another browser, another session
      const out = await logout(browser);
      expect(out.status).toBe(200);
      expect(out.html).toMatch(/signed out/);
      expect((await userinfo(online.access_token)).status).toBe(401);
      expectOAuthError(
        await token(f, { grant_type: 'refresh_token', refresh_token: online.refresh_token, ...webAuth() }),
        'invalid_grant',
        400,
      );
      expect((await userinfo(offline.access_token)).status).toBe(200);
      expect(
        (await token(f, { grant_type: 'refresh_token', refresh_token: offline.refresh_token, ...webAuth() }))
          .status,
      ).toBe(200);
      expect((await userinfo(other.access_token)).status).toBe(200);
      // The session is over: the next authorization asks for the password again.
      const again = await browser.get(authorizeUrl(f, webAuthorizeParams(f)));
      expect(again.status).toBe(200);
      expect(again.html).toMatch(/name="password"/);
    });

    it('a logout post without the CSRF token changes nothing', async () => {
      const browser = new Browser();
      const t = await webTokens({ scope: 'email_read' }, browser);
      const forged = await browser.post(endpoint('logout'), {});
      expect(forged.status).toBe(403);
      expect((await userinfo(t.access_token)).status).toBe(200);
      const page = await signIn(browser, authorizeUrl(f, webAuthorizeParams(f)), 'ada').catch(
        () => undefined,
      );
      // Still signed in: the authorize request goes straight back with a code.
      expect(page).toBeUndefined();
      const direct = await browser.get(authorizeUrl(f, webAuthorizeParams(f)));
      expect(redirectParams(direct).get('code')).toBeTruthy();
    });
  });

  it('the metadata document lists the user-context endpoints', async () => {
    const res = await fetch(`${f.server.authBaseUri}.well-known/oauth-authorization-server`);
    const body = await res.json();
    expect(body).toMatchObject({
      issuer: f.server.authBaseUri,
      authorization_endpoint: endpoint('authorize'),
      userinfo_endpoint: endpoint('userinfo'),
      revocation_endpoint: endpoint('revoke'),
      introspection_endpoint: endpoint('introspect'),
      end_session_endpoint: endpoint('logout'),
      code_challenge_methods_supported: ['S256'],
    });
  });
});
