import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeScopeBits } from '../../src/setup/scopes/scope-bits.js';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';
import { createBusinessUnit, createServerToServer, manualClock } from '../support/fixtures.js';
import { expectOAuthError, post } from '../support/oauth-assertions.js';

describe.each(BACKENDS)('client_credentials grant (PRODUCT.md §4) on $name', (backend) => {
  const clock = manualClock();
  let s: TestServer;
  let tokenUrl: string;
  const creds = () => ({ client_id: s.clientId, client_secret: s.clientSecret });

  beforeAll(async () => {
    s = await startTestServer({ ...backend.serverOptions(), now: clock.now });
    tokenUrl = `${s.authBaseUri}v2/token`;
  });
  afterAll(async () => {
    await s?.close();
    await backend.cleanup();
  });

  it('answers a JSON request with every field, expires_in 1079 and no-store', async () => {
    const res = await post(tokenUrl, { grant_type: 'client_credentials', ...creds() });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(res.body)).toEqual([
      'access_token',
      'token_type',
      'expires_in',
      'scope',
      'soap_instance_url',
      'rest_instance_url',
    ]);
    expect(res.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 1079,
      scope: 'data_extensions_read data_extensions_write',
      rest_instance_url: s.restBaseUri,
      soap_instance_url: s.soapBaseUri,
    });
    expect(res.body.rest_instance_url).toMatch(/\/$/);
    expect(res.body.access_token.length).toBeLessThanOrEqual(512);
    expect(res.body.refresh_token).toBeUndefined();
  });

  it('accepts a form-encoded body and HTTP Basic with either body type', async () => {
    const form = await post(
      tokenUrl,
      new URLSearchParams({ grant_type: 'client_credentials', ...creds() }).toString(),
    );
    expect(form.status).toBe(200);
    const basic = `Basic ${Buffer.from(`${s.clientId}:${s.clientSecret}`).toString('base64')}`;
    const basicJson = await post(
      tokenUrl,
      { grant_type: 'client_credentials' },
      { headers: { authorization: basic } },
    );
    expect(basicJson.status).toBe(200);
    const basicForm = await post(tokenUrl, 'grant_type=client_credentials', {
      headers: { authorization: basic },
    });
    expect(basicForm.status).toBe(200);
  });

  it('tolerates a doubled slash before v2/', async () => {
    const res = await post(`${s.authBaseUri}/v2/token`, { grant_type: 'client_credentials', ...creds() });
    expect(res.status).toBe(200);
  });

  it('issues a JWT verifiable with the JWKS, carrying the documented claims', async () => {
    const res = await post(tokenUrl, { grant_type: 'client_credentials', ...creds() });
    const token: string = res.body.access_token;
    const header = decodeProtectedHeader(token);
    expect(header.alg).toBe('EdDSA');
    expect(typeof header.kid).toBe('string');
    const remote = createRemoteJWKSet(new URL(`${s.authBaseUri}.well-known/jwks.json`));
    const { payload } = await jwtVerify(token, remote, {
      issuer: s.authBaseUri,
      currentDate: new Date(clock.now()),
    });
    expect(payload).toMatchObject({
      iss: s.authBaseUri,
      sub: s.clientId,
      client_id: s.clientId,
      eid: s.eid,
      mid: s.eid,
      client_type: 'ServerToServer',
    });
    expect(payload.exp).toBe((payload.iat as number) + 1200);
    expect(payload.iat).toBe(Math.floor(clock.now() / 1000));
    expect(typeof payload.jti).toBe('string');
    expect(decodeScopeBits(payload.scp as string)).toEqual(['data_extensions_read', 'data_extensions_write']);
  });

  it('publishes RFC 8414 metadata whose issuer is the auth base URI, at both locations', async () => {
    const a = await fetch(`${s.authBaseUri}.well-known/oauth-authorization-server`);
    const origin = new URL(s.authBaseUri).origin;
    const path = new URL(s.authBaseUri).pathname.replace(/\/$/, '');
    const b = await fetch(`${origin}/.well-known/oauth-authorization-server${path}`);
    const [ma, mb] = [await a.json(), await b.json()];
    expect(ma).toEqual(mb);
    expect(ma.issuer).toBe(s.authBaseUri);
    expect(ma.token_endpoint).toBe(`${s.authBaseUri}v2/token`);
    const jwks = await (await fetch(ma.jwks_uri)).json();
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(jwks.keys[0].d).toBeUndefined();
    const local = createLocalJWKSet(jwks);
    const token = (await post(tokenUrl, { grant_type: 'client_credentials', ...creds() })).body.access_token;
    await expect(jwtVerify(token, local, { currentDate: new Date(clock.now()) })).resolves.toBeTruthy();
  });

  describe('scope parameter', () => {
    it('omitted → every integration scope, in catalogue order', async () => {
      const app = await createServerToServer(s, {
        scopes: ['data_extensions_write', 'email_read', 'journeys_read', 'data_extensions_read'],
      });
      const res = await post(tokenUrl, {
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_secret: app.clientSecret,
      });
      expect(res.body.scope).toBe('email_read journeys_read data_extensions_read data_extensions_write');
    });
    it('"" → a token with no scopes', async () => {
      const res = await post(tokenUrl, { grant_type: 'client_credentials', ...creds(), scope: '' });
      expect(res.status).toBe(200);
      expect(res.body.scope).toBe('');
    });
    it('a subset → that subset', async () => {
      const res = await post(tokenUrl, {
        grant_type: 'client_credentials',
        ...creds(),
        scope: 'data_extensions_read',
      });
      expect(res.body.scope).toBe('data_extensions_read');
    });
    it('a scope not on the integration → 400 invalid_scope', async () => {
      const res = await post(tokenUrl, {
        grant_type: 'client_credentials',
        ...creds(),
        scope: 'data_extensions_read email_send',
      });
      expectOAuthError(res, 'invalid_scope', 400, /email_send/);
    });
    it('an unknown scope id → 400 invalid_scope', async () => {
      const res = await post(tokenUrl, { grant_type: 'client_credentials', ...creds(), scope: 'root' });
      expectOAuthError(res, 'invalid_scope', 400, /Unknown scope/);
    });
  });

  describe('account_id (business units)', () => {
    it('omitted → the BU the package was created in', async () => {
      const mid = await createBusinessUnit(s, 'Child BU');
      const app = await createServerToServer(s, { scopes: ['email_read'], mid });
      const res = await post(tokenUrl, {
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_secret: app.clientSecret,
      });
      expect(res.status).toBe(200);
      const { payload } = await jwtVerify(
        res.body.access_token,
        createLocalJWKSet(await (await fetch(`${s.authBaseUri}.well-known/jwks.json`)).json()),
        { currentDate: new Date(clock.now()) },
      );
      expect(payload.mid).toBe(mid);
    });
    it('a MID without access → 401 unauthorized_client; after enabling it → a token for that MID', async () => {
      const mid = await createBusinessUnit(s, 'Sales BU');
      const denied = await post(tokenUrl, {
        grant_type: 'client_credentials',
        ...creds(),
        account_id: String(mid),
      });
      expectOAuthError(denied, 'unauthorized_client', 401, /Access tab/);
      const put = await s.admin('PUT', `/tenants/${s.subdomain}/packages/${s.packageId}/integration/access`, {
        mids: [s.eid, mid],
      });
      expect(put.status).toBe(200);
      const ok = await post(tokenUrl, { grant_type: 'client_credentials', ...creds(), account_id: mid });
      expect(ok.status).toBe(200);
    });
    it('{all: true} includes BUs created later', async () => {
      const app = await createServerToServer(s, { scopes: ['email_read'] });
      await s.admin('PUT', `/tenants/${s.subdomain}/packages/${app.packageId}/integration/access`, {
        all: true,
      });
      const later = await createBusinessUnit(s, 'Later BU');
      const res = await post(tokenUrl, {
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_secret: app.clientSecret,
        account_id: later,
      });
      expect(res.status).toBe(200);
    });
    it('a MID of no BU of the tenant → 401 unauthorized_client', async () => {
      const res = await post(tokenUrl, {
        grant_type: 'client_credentials',
        ...creds(),
        account_id: '123456789',
      });
      expectOAuthError(res, 'unauthorized_client', 401);
    });
    it('not a number → 400 invalid_request', async () => {
      for (const bad of ['abc', '12a', '-5', '1.5', '0']) {
        const res = await post(tokenUrl, { grant_type: 'client_credentials', ...creds(), account_id: bad });
        expectOAuthError(res, 'invalid_request', 400, /account_id/);
      }
    });
  });

  describe('integration changes reach new tokens at once (same process)', () => {
    it('PATCH scopes → the next token has the new scopes', async () => {
      const app = await createServerToServer(s, { scopes: ['email_read'] });
      const first = await post(tokenUrl, {
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_secret: app.clientSecret,
      });
      expect(first.body.scope).toBe('email_read');
      await s.admin('PATCH', `/tenants/${s.subdomain}/packages/${app.packageId}/integration`, {
        scopes: ['sms_read'],
      });
      const second = await post(tokenUrl, {
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_secret: app.clientSecret,
      });
      expect(second.body.scope).toBe('sms_read');
    });
    it('deleting the package → 401 invalid_client', async () => {
      const app = await createServerToServer(s, { scopes: ['email_read'] });
      await s.admin('DELETE', `/tenants/${s.subdomain}/packages/${app.packageId}`);
      const res = await post(tokenUrl, {
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_secret: app.clientSecret,
      });
      expectOAuthError(res, 'invalid_client', 401);
    });
  });

  describe('secrets: expiry after 180 days and rotation', () => {
    it('a secret is refused once expired', async () => {
      const app = await createServerToServer(s, { scopes: ['email_read'] });
      const body = {
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_secret: app.clientSecret,
      };
      clock.advanceSeconds(180 * 86_400 - 60);
      expect((await post(tokenUrl, body)).status).toBe(200);
      clock.advanceSeconds(120);
      expectOAuthError(await post(tokenUrl, body), 'invalid_client', 401, /expired.*Stage and activate/);
    });
    it('staged secret works alongside the active one; activation retires the old one', async () => {
      const app = await createServerToServer(s, { scopes: ['email_read'] });
      const base = `/tenants/${s.subdomain}/packages/${app.packageId}/integration/secrets`;
      const staged = await s.admin('POST', base);
      expect(staged.status).toBe(201);
      expect(staged.body.state).toBe('staged');
      expect(staged.body.clientSecret).toMatch(/^SFMC_/);
      const withOld = {
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_secret: app.clientSecret,
      };
      const withNew = { ...withOld, client_secret: staged.body.clientSecret };
      expect((await post(tokenUrl, withOld)).status).toBe(200);
      expect((await post(tokenUrl, withNew)).status).toBe(200);
      const activated = await s.admin('POST', `${base}/${staged.body.secretId}/activate`);
      expect(activated.status).toBe(200);
      expectOAuthError(await post(tokenUrl, withOld), 'invalid_client', 401);
      expect((await post(tokenUrl, withNew)).status).toBe(200);
      const list = await s.admin('GET', base);
      const states = Object.fromEntries(
        list.body.items.map((i: { secretId: string; state: string }) => [i.secretId, i.state]),
      );
      expect(states[staged.body.secretId]).toBe('active');
      expect(Object.values(states).sort()).toEqual(['active', 'retired']);
      expect(JSON.stringify(list.body)).not.toContain('SFMC_');
    });
  });
});
