import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/backends.js';
import { expectOAuthError } from '../support/oauth-assertions.js';
import {
  exchangeWebCode,
  type Fixture,
  obtainCode,
  PUBLIC_REDIRECT,
  pkcePair,
  publicAuthorizeParams,
  startFixture,
  token,
  WEB_REDIRECT,
  webAuthorizeParams,
} from './support/fixture.js';

const get = (url: string, accessToken: string) =>
  fetch(url, { headers: { authorization: `Bearer ${accessToken}` } });

describe.each(BACKENDS)('authorization_code grant (RFC 6749 §4.1.3, PKCE RFC 7636) ($name)', (backend) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture(backend);
  });
  afterAll(async () => {
    await f.server.close();
    await backend.cleanup();
  });

  it('web app with its secret: a user token whose scope is the intersection', async () => {
    const code = await obtainCode(f, webAuthorizeParams(f));
    const res = await exchangeWebCode(f, code);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    // integration: email_read email_write DE read/write offline; ada: email_read DE read journeys_read
    expect(res.body.scope).toBe('email_read data_extensions_read offline');
    expect(res.body.refresh_token).toMatch(/^[\w-]{43}$/);
    expect(res.body.rest_instance_url).toBe(f.server.restBaseUri);
    const claims = decodeJwt(res.body.access_token);
    expect(res.body.access_token.length).toBeLessThanOrEqual(512);
    expect(claims).toMatchObject({
      iss: f.server.authBaseUri,
      sub: String(f.users.ada.id),
      uid: f.users.ada.id,
      client_id: f.webApp.clientId,
      client_type: 'Confidential',
      mid: f.server.eid,
      eid: f.server.eid,
    });
  });

  it('requested scope narrows the intersection; the BU chosen at login is the token BU', async () => {
    const code = await obtainCode(
      f,
      webAuthorizeParams(f, {
        scope: 'data_extensions_read data_extensions_write',
        account_id: String(f.bu2),
      }),
      'multi',
    );
    const res = await exchangeWebCode(f, code);
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe('data_extensions_read data_extensions_write');
    expect(decodeJwt(res.body.access_token).mid).toBe(f.bu2);
  });

  it('public app with PKCE and no secret', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await obtainCode(f, publicAuthorizeParams(f, challenge));
    const res = await token(f, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: PUBLIC_REDIRECT,
      client_id: f.publicApp.clientId,
      code_verifier: verifier,
    });
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe('email_read data_extensions_read offline');
    expect(decodeJwt(res.body.access_token).client_type).toBe('Public');
  });

  it('a code used twice: invalid_grant, and every token issued from it is revoked', async () => {
    const code = await obtainCode(f, webAuthorizeParams(f));
    const first = await exchangeWebCode(f, code);
    expect(first.status).toBe(200);
    expect((await get(`${f.server.authBaseUri}v2/userinfo`, first.body.access_token)).status).toBe(200);
    const second = await exchangeWebCode(f, code);
    expectOAuthError(second, 'invalid_grant', 400, /already been used/);
    expect((await get(`${f.server.authBaseUri}v2/userinfo`, first.body.access_token)).status).toBe(401);
    const refresh = await token(f, {
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token,
      client_id: f.webApp.clientId,
      client_secret: f.webApp.clientSecret ?? '',
    });
    expectOAuthError(refresh, 'invalid_grant', 400);
  });

  it('a code for another client', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await obtainCode(f, publicAuthorizeParams(f, challenge));
    const res = await exchangeWebCode(f, code, { redirect_uri: PUBLIC_REDIRECT, code_verifier: verifier });
    expectOAuthError(res, 'invalid_grant', 400, /issued to another client/);
    // The rightful client can still use it: the wrong client did not consume it.
    const ok = await token(f, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: PUBLIC_REDIRECT,
      client_id: f.publicApp.clientId,
      code_verifier: verifier,
    });
    expect(ok.status).toBe(200);
  });

  it('a code after 5 minutes (injected clock)', async () => {
    const code = await obtainCode(f, webAuthorizeParams(f));
    f.clock.now += 300_000;
    try {
      expectOAuthError(await exchangeWebCode(f, code), 'invalid_grant', 400, /invalid or has expired/);
    } finally {
      f.clock.now -= 300_000;
    }
    const fresh = await obtainCode(f, webAuthorizeParams(f));
    f.clock.now += 299_000;
    try {
      expect((await exchangeWebCode(f, fresh)).status).toBe(200);
    } finally {
      f.clock.now -= 299_000;
    }
  });

  it('redirect_uri must equal the one of the authorization request', async () => {
    const code = await obtainCode(f, webAuthorizeParams(f));
    expectOAuthError(
      await exchangeWebCode(f, code, { redirect_uri: 'https://webapp.example/other' }),
      'invalid_grant',
      400,
      /redirect_uri/,
    );
    expectOAuthError(
      await exchangeWebCode(f, code, { redirect_uri: '' }),
      'invalid_request',
      400,
      /redirect_uri/,
    );
    expect((await exchangeWebCode(f, code, { redirect_uri: WEB_REDIRECT })).status).toBe(200);
  });

  it('wrong, missing or unexpected code_verifier', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await obtainCode(f, publicAuthorizeParams(f, challenge));
    const exchange = (extra: Record<string, string>) =>
      token(f, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: PUBLIC_REDIRECT,
        client_id: f.publicApp.clientId,
        ...extra,
      });
    expectOAuthError(
      await exchange({ code_verifier: pkcePair().verifier }),
      'invalid_grant',
      400,
      /does not match/,
    );
    expectOAuthError(await exchange({}), 'invalid_grant', 400, /code_verifier is required/);
    expect((await exchange({ code_verifier: verifier })).status).toBe(200);

    // A web app that did not use PKCE cannot add a verifier afterwards (downgrade).
    const webCode = await obtainCode(f, webAuthorizeParams(f));
    expectOAuthError(
      await exchangeWebCode(f, webCode, { code_verifier: verifier }),
      'invalid_grant',
      400,
      /no code_challenge/,
    );
  });

  it('a web app may use PKCE too', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await obtainCode(
      f,
      webAuthorizeParams(f, { code_challenge: challenge, code_challenge_method: 'S256' }),
    );
    expectOAuthError(await exchangeWebCode(f, code), 'invalid_grant', 400, /code_verifier is required/);
    expect((await exchangeWebCode(f, code, { code_verifier: verifier })).status).toBe(200);
  });

  it('scope on the exchange may narrow, not widen', async () => {
    const code = await obtainCode(f, webAuthorizeParams(f, { scope: 'email_read' }));
    expectOAuthError(
      await exchangeWebCode(f, code, { scope: 'email_read email_write' }),
      'invalid_scope',
      400,
    );
    const res = await exchangeWebCode(f, code, { scope: '' });
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe('');
  });

  it('missing, unknown and duplicated parameters', async () => {
    const base = {
      grant_type: 'authorization_code',
      redirect_uri: WEB_REDIRECT,
      client_id: f.webApp.clientId,
      client_secret: f.webApp.clientSecret ?? '',
    };
    expectOAuthError(await token(f, base), 'invalid_request', 400, /"code"/);
    expectOAuthError(
      await token(f, { ...base, code: 'nope' }),
      'invalid_grant',
      400,
      /invalid or has expired/,
    );
    expectOAuthError(await token(f, { ...base, code: 'x'.repeat(600) }), 'invalid_grant', 400);
    const code = await obtainCode(f, webAuthorizeParams(f));
    const form = `${new URLSearchParams({ ...base, code })}&code=${code}`;
    const { post } = await import('../support/oauth-assertions.js');
    expectOAuthError(
      await post(`${f.server.authBaseUri}v2/token`, form),
      'invalid_request',
      400,
      /more than once/,
    );
  });

  describe('grant and integration type mismatches', () => {
    it('client_credentials with a web app or a public app', async () => {
      const web = await token(f, {
        grant_type: 'client_credentials',
        client_id: f.webApp.clientId,
        client_secret: f.webApp.clientSecret ?? '',
      });
      expectOAuthError(
        web,
        'invalid_grant',
        400,
        /Web App integration: it cannot use the "client_credentials" grant/,
      );
      const pub = await token(f, { grant_type: 'client_credentials', client_id: f.publicApp.clientId });
      expectOAuthError(pub, 'invalid_grant', 400, /Public App integration/);
    });

    it('authorization_code and refresh_token with a server-to-server integration', async () => {
      for (const grant of ['authorization_code', 'refresh_token']) {
        const res = await token(f, {
          grant_type: grant,
          code: 'x',
          refresh_token: 'x',
          redirect_uri: WEB_REDIRECT,
          client_id: f.server.clientId,
          client_secret: f.server.clientSecret,
        });
        expectOAuthError(res, 'invalid_grant', 400, /Server-to-Server integration: it cannot use/);
      }
    });

    it('a public app sending a secret; a web app without one', async () => {
      const pub = await token(f, {
        grant_type: 'authorization_code',
        code: 'x',
        redirect_uri: PUBLIC_REDIRECT,
        client_id: f.publicApp.clientId,
        client_secret: 'anything',
      });
      expectOAuthError(pub, 'invalid_client', 401, /Public-app integrations have no client secret/);
      const web = await token(f, {
        grant_type: 'authorization_code',
        code: 'x',
        redirect_uri: WEB_REDIRECT,
        client_id: f.webApp.clientId,
      });
      expectOAuthError(web, 'invalid_client', 401);
    });
  });

  it('a licence removed after login: the code no longer works', async () => {
    const user = f.users.nobody;
    const code = await obtainCode(f, webAuthorizeParams(f, { scope: '' }), user.username);
    const licenses = `/tenants/${f.server.subdomain}/packages/${f.webApp.packageId}/integration/licenses`;
    const before = (await f.server.admin('GET', licenses)).body.userIds as number[];
    await f.server.admin('PUT', licenses, { userIds: before.filter((id) => id !== user.id) });
    try {
      // Removing the licence revoked everything of that user for this app, codes included.
      expectOAuthError(await exchangeWebCode(f, code), 'invalid_grant', 400);
    } finally {
      await f.server.admin('PUT', licenses, { userIds: before });
    }
  });
});
