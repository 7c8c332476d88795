import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { call, expectResourceError, soap, soapEnvelope } from '../resources/resource-helpers.js';
import { BACKENDS } from '../support/backends.js';
import { manualClock } from '../support/fixtures.js';
import { expectOAuthError, post } from '../support/oauth-assertions.js';

const RETRIEVE_DE =
  '<RetrieveRequestMsg xmlns="http://exacttarget.com/wsdl/partnerAPI"><RetrieveRequest>' +
  '<ObjectType>DataExtension</ObjectType><Properties>CustomerKey</Properties></RetrieveRequest></RetrieveRequestMsg>';

describe.each(BACKENDS)('fidelity switches per tenant (issue 10 part 5) on $name', (backend) => {
  const clock = manualClock();
  let s: TestServer;
  let other: { subdomain: string; clientId: string; clientSecret: string };
  const tokenUrl = () => `${s.authBaseUri}v2/token`;
  const json = (extra: Record<string, unknown> = {}) => ({
    grant_type: 'client_credentials',
    client_id: s.clientId,
    client_secret: s.clientSecret,
    ...extra,
  });
  const setFidelity = (body: unknown, sub = s.subdomain) => s.admin('PUT', `/tenants/${sub}/fidelity`, body);

  beforeAll(async () => {
    s = await startTestServer({ ...backend.serverOptions(), now: clock.now });
    const tenant = await s.admin('POST', '/tenants', { name: 'Other' });
    const pkg = await s.admin('POST', `/tenants/${tenant.body.subdomain}/packages`, { name: 'o' });
    const integration = await s.admin(
      'POST',
      `/tenants/${tenant.body.subdomain}/packages/${pkg.body.id}/integration`,
      {
        integrationType: 'server-to-server',
        scopes: ['data_extensions_read'],
      },
    );
    other = {
      subdomain: tenant.body.subdomain,
      clientId: integration.body.clientId,
      clientSecret: integration.body.clientSecret,
    };
  });
  afterAll(async () => {
    await s?.close();
    await backend.cleanup();
  });

  it('by default a tenant has no overrides and the configured defaults apply (PRODUCT.md §4, §6)', async () => {
    const res = await s.admin('GET', `/tenants/${s.subdomain}/fidelity`);
    expect(res.status).toBe(200);
    const defaults = {
      propagationSeconds: 0,
      accessTokenTtlSeconds: 1200,
      tokenFormat: 'jwt',
      acceptFormBodies: true,
      acceptBasicAuth: true,
      tokenRateLimitPerMinute: 0,
      restRateLimitPerMinute: 2500,
    };
    expect(res.body).toEqual({ overrides: {}, defaults, effective: defaults });
  });

  it.each<[string, unknown]>([
    ['a lifetime of 0', { accessTokenTtlSeconds: 0 }],
    ['a negative lifetime', { accessTokenTtlSeconds: -5 }],
    ['a lifetime over a day', { accessTokenTtlSeconds: 86_401 }],
    ['a lifetime as text', { accessTokenTtlSeconds: '600' }],
    ['a fractional lifetime', { accessTokenTtlSeconds: 1.5 }],
    ['an unknown token format', { tokenFormat: 'jws' }],
    ['a token format of another case', { tokenFormat: 'JWT' }],
    ['a boolean as text', { acceptFormBodies: 'false' }],
    ['a boolean as a number', { acceptBasicAuth: 0 }],
    ['a negative token limit', { tokenRateLimitPerMinute: -1 }],
    ['a REST limit over a million', { restRateLimitPerMinute: 1_000_001 }],
    ['a propagation delay over a day', { propagationSeconds: 86_401 }],
    ['an unknown switch', { accessTokenTTL: 60 }],
    ['null', null],
    ['an array', [{ tokenFormat: 'opaque' }]],
  ])('refuses %s with 400 and changes nothing', async (_name, body) => {
    const res = await setFidelity(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('bad_request');
    expect((await s.admin('GET', `/tenants/${s.subdomain}/fidelity`)).body.overrides).toEqual({});
  });

  it('an unknown tenant is 404 and no operator key is 401', async () => {
    expect((await setFidelity({ tokenFormat: 'opaque' }, `mc${'0'.repeat(26)}`)).status).toBe(404);
    const res = await fetch(`${s.baseUrl}/admin/v1/tenants/${s.subdomain}/fidelity`);
    expect(res.status).toBe(401);
  });

  it("accessTokenTtlSeconds: the tenant's tokens live that long (expires_in = TTL − 121); other tenants keep the default", async () => {
    const set = await setFidelity({ accessTokenTtlSeconds: 600 });
    expect(set.body.overrides).toEqual({ accessTokenTtlSeconds: 600 });
    expect(set.body.effective.accessTokenTtlSeconds).toBe(600);
    const res = await post(tokenUrl(), json());
    expect(res.body.expires_in).toBe(479);
    const payload = JSON.parse(Buffer.from(res.body.access_token.split('.')[1], 'base64url').toString());
    expect(payload.exp - payload.iat).toBe(600);
    const elsewhere = await post(`${s.baseUrl}/${other.subdomain}/auth/v2/token`, {
      grant_type: 'client_credentials',
      client_id: other.clientId,
      client_secret: other.clientSecret,
    });
    expect(elsewhere.body.expires_in).toBe(1079);
    // The token expires when the tenant says.
    clock.advanceSeconds(601);
    expectResourceError(
      await call('GET', `${s.restBaseUri}platform/v1/tokenContext`, { token: res.body.access_token }),
      401,
      0,
    );
    await setFidelity({});
    expect((await post(tokenUrl(), json())).body.expires_in).toBe(1079);
  });

  it('tokenFormat opaque: 512 characters in four segments, accepted by REST and SOAP', async () => {
    await setFidelity({ tokenFormat: 'opaque' });
    const res = await post(tokenUrl(), json());
    const token = res.body.access_token as string;
    expect(token).toHaveLength(512);
    expect(token.split('.')).toHaveLength(4);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const context = await call('GET', `${s.restBaseUri}platform/v1/tokenContext`, { token });
    expect(context.status).toBe(200);
    expect((await soap(s, soapEnvelope(token, RETRIEVE_DE))).status).toBe(200);
    // A tampered fourth segment is padding, but a tampered signature is not.
    const [h, p, sig, pad] = token.split('.');
    // A character in the middle of the signature carries only data bits (the last one has padding bits).
    const flipped = `${sig?.slice(0, 10)}${sig?.[10] === 'A' ? 'B' : 'A'}${sig?.slice(11)}`;
    const forged = [h, p, flipped, pad].join('.');
    expectResourceError(
      await call('GET', `${s.restBaseUri}platform/v1/tokenContext`, { token: forged }),
      401,
      0,
    );
    await setFidelity({});
    expect((await post(tokenUrl(), json())).body.access_token.split('.')).toHaveLength(3);
  });

  it('acceptFormBodies false: a form-encoded request is invalid_request, JSON still works', async () => {
    const form = new URLSearchParams(json() as Record<string, string>).toString();
    expect((await post(tokenUrl(), form)).status).toBe(200);
    await setFidelity({ acceptFormBodies: false });
    expectOAuthError(await post(tokenUrl(), form), 'invalid_request', 400, /as JSON/);
    expect((await post(tokenUrl(), json())).status).toBe(200);
    await setFidelity({});
  });

  it('acceptBasicAuth false: HTTP Basic is invalid_request (before any secret is checked), body credentials work', async () => {
    const basic = `Basic ${Buffer.from(`${s.clientId}:${s.clientSecret}`).toString('base64')}`;
    const viaBasic = () =>
      post(tokenUrl(), { grant_type: 'client_credentials' }, { headers: { authorization: basic } });
    expect((await viaBasic()).status).toBe(200);
    await setFidelity({ acceptBasicAuth: false });
    expectOAuthError(await viaBasic(), 'invalid_request', 400, /HTTP Basic/);
    expect((await post(tokenUrl(), json())).status).toBe(200);
    await setFidelity({});
  });

  it('tokenRateLimitPerMinute: over the soft limit the token endpoint answers 429 / 50200 "temporarily blocked"', async () => {
    clock.advanceSeconds(60 - ((clock.now() / 1000) % 60));
    await setFidelity({ tokenRateLimitPerMinute: 2 });
    expect((await post(tokenUrl(), json())).status).toBe(200);
    expect((await post(tokenUrl(), json())).status).toBe(200);
    const blocked = await post(tokenUrl(), json());
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({
      message: 'Your requests are temporarily blocked.',
      errorcode: 50200,
    });
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another tenant is not limited.
    for (let i = 0; i < 3; i++) {
      const res = await post(`${s.baseUrl}/${other.subdomain}/auth/v2/token`, {
        grant_type: 'client_credentials',
        client_id: other.clientId,
        client_secret: other.clientSecret,
      });
      expect(res.status).toBe(200);
    }
    await setFidelity({});
    expect((await post(tokenUrl(), json())).status).toBe(200);
  });

  it('restRateLimitPerMinute: REST 429 / 50100 with Retry-After, SOAP a fault on HTTP 500', async () => {
    clock.advanceSeconds(60 - ((clock.now() / 1000) % 60));
    const token = (await post(tokenUrl(), json())).body.access_token as string;
    await setFidelity({ restRateLimitPerMinute: 2 });
    const endpoints = `${s.restBaseUri}platform/v1/endpoints`;
    expect((await call('GET', endpoints, { token })).status).toBe(200);
    expect((await soap(s, soapEnvelope(token, RETRIEVE_DE))).status).toBe(200);
    const limited = await call('GET', endpoints, { token });
    expectResourceError(limited, 429, 50100);
    expect(limited.headers.get('retry-after')).toBe('60');
    const fault = await soap(s, soapEnvelope(token, RETRIEVE_DE));
    expect(fault.status).toBe(500);
    expect(fault.text).toContain('Rate limit exceeded');
    await setFidelity({ restRateLimitPerMinute: 0 });
    expect((await call('GET', endpoints, { token })).status).toBe(200);
    await setFidelity({});
  });

  it('propagationSeconds: a staged secret of the tenant authenticates only after the delay', async () => {
    await setFidelity({ propagationSeconds: 300 });
    const staged = await s.admin(
      'POST',
      `/tenants/${s.subdomain}/packages/${s.packageId}/integration/secrets`,
    );
    expect(staged.status).toBe(201);
    const withStaged = () => post(tokenUrl(), json({ client_secret: staged.body.clientSecret }));
    expectOAuthError(await withStaged(), 'invalid_client', 401);
    clock.advanceSeconds(300);
    expect((await withStaged()).status).toBe(200);
    await setFidelity({});
  });

  it('every change is audited as fidelity.changed', async () => {
    const events = await s.admin('GET', `/tenants/${s.subdomain}/audit-events?limit=500`);
    const changes = events.body.items.filter((e: { action: string }) => e.action === 'fidelity.changed');
    expect(changes.length).toBeGreaterThanOrEqual(12);
    expect(changes.at(-1).details).toEqual({ accessTokenTtlSeconds: 600 });
  });
});

describe('the global defaults are what a tenant without overrides gets', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({
      now: manualClock().now,
      settings: { tokenFormat: 'opaque', acceptFormBodies: 'false', accessTokenTtlSeconds: '300' },
    });
  });
  afterAll(() => s.close());

  it('PACKGATE_TOKEN_FORMAT=opaque, PACKGATE_ACCEPT_FORM_BODIES=false; a tenant override wins over them', async () => {
    const body = { grant_type: 'client_credentials', client_id: s.clientId, client_secret: s.clientSecret };
    const res = await post(`${s.authBaseUri}v2/token`, body);
    expect(res.body.access_token).toHaveLength(512);
    expect(res.body.expires_in).toBe(179);
    const form = new URLSearchParams(body).toString();
    expectOAuthError(await post(`${s.authBaseUri}v2/token`, form), 'invalid_request', 400);
    const set = await s.admin('PUT', `/tenants/${s.subdomain}/fidelity`, {
      tokenFormat: 'jwt',
      acceptFormBodies: true,
    });
    expect(set.body.defaults).toMatchObject({
      tokenFormat: 'opaque',
      acceptFormBodies: false,
      accessTokenTtlSeconds: 300,
    });
    const again = await post(`${s.authBaseUri}v2/token`, form);
    expect(again.status).toBe(200);
    expect(again.body.access_token.split('.')).toHaveLength(3);
  });
});
