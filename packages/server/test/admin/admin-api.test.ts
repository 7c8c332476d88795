import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';

describe.each(BACKENDS)('admin API /admin/v1 (PRODUCT.md §7) on $name', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(backend.serverOptions());
  });
  afterAll(async () => {
    await s?.close();
    await backend.cleanup();
  });

  const raw = (path: string, init: RequestInit = {}) => fetch(`${s.baseUrl}/admin/v1${path}`, init);

  it('missing or wrong operator key → 401', async () => {
    expect((await raw('/tenants')).status).toBe(401);
    const wrong = await raw('/tenants', { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'unauthenticated' });
  });

  it('tenants: list, create (subdomain, EID, top BU), read, delete', async () => {
    const list = await s.admin('GET', '/tenants');
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({ subdomain: s.subdomain, authBaseUri: s.authBaseUri });
    const created = await s.admin('POST', '/tenants', { name: 'Acme' });
    expect(created.status).toBe(201);
    expect(created.body.subdomain).toMatch(/^mc[a-z0-9]{26}$/);
    expect(created.body.authBaseUri).toBe(`${s.baseUrl}/${created.body.subdomain}/auth/`);
    expect(created.body.restBaseUri).toMatch(/\/rest\/$/);
    expect(created.body.soapBaseUri).toMatch(/\/soap\/$/);
    const bus = await s.admin('GET', `/tenants/${created.body.subdomain}/business-units`);
    expect(bus.body.items).toEqual([{ mid: created.body.eid, name: 'Acme', parentMid: null }]);
    expect((await s.admin('DELETE', `/tenants/${created.body.subdomain}`)).status).toBe(204);
    expect((await s.admin('GET', `/tenants/${created.body.subdomain}`)).status).toBe(404);
  });

  it('deleting a tenant removes everything of it, and its clients stop working', async () => {
    const t = (await s.admin('POST', '/tenants', { name: 'Doomed' })).body;
    const pkg = (await s.admin('POST', `/tenants/${t.subdomain}/packages`, { name: 'p' })).body;
    const integ = (
      await s.admin('POST', `/tenants/${t.subdomain}/packages/${pkg.id}/integration`, {
        integrationType: 'server-to-server',
        scopes: ['email_read'],
      })
    ).body;
    const body = {
      grant_type: 'client_credentials',
      client_id: integ.clientId,
      client_secret: integ.clientSecret,
    };
    const ok = await fetch(`${t.authBaseUri}v2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(ok.status).toBe(200);
    expect((await s.admin('DELETE', `/tenants/${t.subdomain}`)).status).toBe(204);
    const after = await fetch(`${t.authBaseUri}v2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(after.status).toBe(404);
    expect((await s.admin('GET', `/tenants/${t.subdomain}/packages/${pkg.id}`)).status).toBe(404);
  });

  it('business units: create under a parent; bad parent → 400 naming parentMid', async () => {
    const bu = await s.admin('POST', `/tenants/${s.subdomain}/business-units`, { name: 'Child' });
    expect(bu.status).toBe(201);
    expect(bu.body).toMatchObject({ name: 'Child', parentMid: s.eid });
    const grandchild = await s.admin('POST', `/tenants/${s.subdomain}/business-units`, {
      name: 'Grandchild',
      parentMid: bu.body.mid,
    });
    expect(grandchild.body.parentMid).toBe(bu.body.mid);
    const bad = await s.admin('POST', `/tenants/${s.subdomain}/business-units`, { name: 'x', parentMid: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('parentMid');
  });

  it('packages: CRUD and paging', async () => {
    const created = await s.admin('POST', `/tenants/${s.subdomain}/packages`, {
      name: 'P1',
      description: 'd',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'P1', description: 'd', mid: s.eid });
    const id = created.body.id;
    expect((await s.admin('GET', `/tenants/${s.subdomain}/packages/${id}`)).body.name).toBe('P1');
    const patched = await s.admin('PATCH', `/tenants/${s.subdomain}/packages/${id}`, { name: 'P2' });
    expect(patched.body.name).toBe('P2');
    const page1 = await s.admin('GET', `/tenants/${s.subdomain}/packages?limit=1`);
    expect(page1.body.items).toHaveLength(1);
    expect(typeof page1.body.nextCursor).toBe('string');
    const page2 = await s.admin(
      'GET',
      `/tenants/${s.subdomain}/packages?limit=1&after=${page1.body.nextCursor}`,
    );
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
    expect((await s.admin('DELETE', `/tenants/${s.subdomain}/packages/${id}`)).status).toBe(204);
    expect((await s.admin('GET', `/tenants/${s.subdomain}/packages/${id}`)).status).toBe(404);
  });

  it('integration: secret shown once, never on read; second POST → 409; type fixed', async () => {
    const pkg = (await s.admin('POST', `/tenants/${s.subdomain}/packages`, { name: 'Web' })).body;
    const base = `/tenants/${s.subdomain}/packages/${pkg.id}/integration`;
    const created = await s.admin('POST', base, {
      integrationType: 'web-app',
      scopes: ['offline', 'email_read'],
      redirectUris: ['https://app.example.com/callback'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      integrationType: 'web-app',
      scopes: ['email_read', 'offline'],
      redirectUris: ['https://app.example.com/callback'],
      authBaseUri: s.authBaseUri,
    });
    expect(created.body.clientId).toMatch(/^[a-z0-9]{24}$/);
    expect(created.body.clientSecret).toMatch(/^SFMC_/);
    expect(new Date(created.body.secretExpiresAt).getTime()).toBeGreaterThan(Date.now() + 179 * 86_400_000);
    const read = await s.admin('GET', base);
    expect(read.body.clientSecret).toBeUndefined();
    expect(JSON.stringify(read.body)).not.toContain('SFMC_');
    expect((await s.admin('POST', base, { integrationType: 'server-to-server', scopes: [] })).status).toBe(
      409,
    );
    const patch = await s.admin('PATCH', base, { integrationType: 'public-app' });
    expect(patch.status).toBe(400);
  });

  it('public apps get no secret', async () => {
    const pkg = (await s.admin('POST', `/tenants/${s.subdomain}/packages`, { name: 'SPA' })).body;
    const created = await s.admin('POST', `/tenants/${s.subdomain}/packages/${pkg.id}/integration`, {
      integrationType: 'public-app',
      scopes: ['email_read'],
      redirectUris: ['https://spa.example.com/cb'],
    });
    expect(created.status).toBe(201);
    expect(created.body.clientSecret).toBeUndefined();
    const stage = await s.admin('POST', `/tenants/${s.subdomain}/packages/${pkg.id}/integration/secrets`);
    expect(stage.status).toBe(400);
  });

  it.each([
    [{ integrationType: 'robot', scopes: [] }, 'integrationType'],
    [{ integrationType: 'server-to-server', scopes: ['nope'] }, 'scopes.0'],
    [{ integrationType: 'server-to-server', scopes: ['offline'] }, 'scopes'],
    [
      { integrationType: 'server-to-server', scopes: [], redirectUris: ['https://a.example/'] },
      'redirectUris',
    ],
    [{ integrationType: 'web-app', scopes: [] }, 'redirectUris'],
    [{ integrationType: 'web-app', scopes: [], redirectUris: ['https://*.example.com/'] }, 'redirectUris.0'],
    [{ scopes: [] }, 'integrationType'],
    [{ integrationType: 'server-to-server', scopes: 'email_read' }, 'scopes'],
  ])('bad integration %o → 400 naming %s', async (body, field) => {
    const pkg = (await s.admin('POST', `/tenants/${s.subdomain}/packages`, { name: 'bad' })).body;
    const res = await s.admin('POST', `/tenants/${s.subdomain}/packages/${pkg.id}/integration`, body);
    expect(res.status).toBe(400);
    expect(res.body.field).toBe(field);
    expect(typeof res.body.message).toBe('string');
  });

  it('bad input: malformed JSON, wrong types, unknown fields, unknown ids', async () => {
    const malformed = await raw(`/tenants/${s.subdomain}/packages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.adminKey}`, 'content-type': 'application/json' },
      body: '{"name":',
    });
    expect(malformed.status).toBe(400);
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const wrongType = await raw(`/tenants/${s.subdomain}/packages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${s.adminKey}`, 'content-type': contentType },
        body: 'name=x',
      });
      expect(wrongType.status, contentType).toBe(400);
      expect(await wrongType.json(), contentType).toEqual({
        error: 'bad_request',
        message: 'Unsupported Content-Type: the admin API takes application/json.',
      });
    }
    const wrongType = await s.admin('POST', `/tenants/${s.subdomain}/packages`, { name: 42 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.field).toBe('name');
    const extra = await s.admin('POST', `/tenants/${s.subdomain}/packages`, { name: 'x', color: 'red' });
    expect(extra.status).toBe(400);
    // PostgreSQL cannot store NUL in text: refused at the door on both stores, naming the field.
    const nul = await s.admin('POST', `/tenants/${s.subdomain}/packages`, { name: 'a\u0000b' });
    expect(nul.status).toBe(400);
    expect(nul.body).toEqual({
      error: 'bad_request',
      message: 'name: must not contain a NUL character',
      field: 'name',
    });
    expect((await s.admin('POST', '/tenants', { name: '\u0000' })).status).toBe(400);
    expect((await s.admin('GET', `/tenants/${s.subdomain}%00/packages`)).status).toBe(404);
    expect((await s.admin('GET', '/tenants/mcnope/packages')).status).toBe(404);
    expect((await s.admin('GET', `/tenants/${s.subdomain}/packages/not-a-uuid`)).status).toBe(404);
    expect(
      (await s.admin('GET', `/tenants/${s.subdomain}/packages/00000000-0000-4000-8000-000000000000`)).status,
    ).toBe(404);
    const noIntegration = (await s.admin('POST', `/tenants/${s.subdomain}/packages`, { name: 'empty' })).body;
    expect(
      (await s.admin('GET', `/tenants/${s.subdomain}/packages/${noIntegration.id}/integration`)).status,
    ).toBe(404);
  });

  it('access: MIDs must be BUs of the tenant; all and mids are exclusive', async () => {
    const base = `/tenants/${s.subdomain}/packages/${s.packageId}/integration/access`;
    expect((await s.admin('PUT', base, { mids: [1234] })).body.field).toBe('mids.0');
    expect((await s.admin('PUT', base, { all: true, mids: [s.eid] })).status).toBe(400);
    expect((await s.admin('PUT', base, {})).status).toBe(400);
    const ok = await s.admin('PUT', base, { all: true });
    expect(ok.body.access).toEqual({ all: true, mids: [] });
    await s.admin('PUT', base, { mids: [s.eid] });
  });

  it('secrets: activation of an unknown or non-staged secret fails clearly', async () => {
    const base = `/tenants/${s.subdomain}/packages/${s.packageId}/integration/secrets`;
    expect((await s.admin('POST', `${base}/00000000-0000-4000-8000-000000000000/activate`)).status).toBe(404);
    const active = (await s.admin('GET', base)).body.items.find(
      (i: { state: string }) => i.state === 'active',
    );
    expect((await s.admin('POST', `${base}/${active.secretId}/activate`)).status).toBe(409);
  });

  it('every change is an audit event (who, what, when, from where), newest first', async () => {
    const integration = `/tenants/${s.subdomain}/packages/${s.packageId}/integration`;
    expect((await s.admin('PATCH', integration, { scopes: ['data_extensions_read'] })).status).toBe(200);
    const staged = await s.admin('POST', `${integration}/secrets`);
    expect((await s.admin('POST', `${integration}/secrets/${staged.body.secretId}/activate`)).status).toBe(
      200,
    );
    const events = await s.admin('GET', `/tenants/${s.subdomain}/audit-events?limit=500`);
    expect(events.status).toBe(200);
    const actions = events.body.items.map((e: { action: string }) => e.action);
    for (const action of [
      'tenant.created',
      'package.created',
      'integration.created',
      'business_unit.created',
      'package.updated',
      'package.deleted',
      'integration.access_changed',
      'integration.updated',
      'client_secret.staged',
      'client_secret.rotated',
    ]) {
      expect(actions).toContain(action);
    }
    const event = events.body.items.find((e: { action: string }) => e.action === 'package.updated');
    expect(event).toMatchObject({ actor: 'operator', sourceIp: '127.0.0.1' });
    expect(Date.parse(event.createdAt)).not.toBeNaN();
    expect(JSON.stringify(events.body)).not.toContain('SFMC_');
    const ids = events.body.items.map((e: { id: number }) => e.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => b - a));
  });

  it('a deleted tenant leaves a server-wide audit event, listed at /admin/v1/audit-events', async () => {
    const t = (await s.admin('POST', '/tenants', { name: 'Short-lived' })).body;
    expect((await s.admin('DELETE', `/tenants/${t.subdomain}`)).status).toBe(204);
    const events = await s.admin('GET', '/audit-events?limit=500');
    expect(events.status).toBe(200);
    const deleted = events.body.items.find(
      (e: { action: string; target: string }) => e.action === 'tenant.deleted' && e.target === t.subdomain,
    );
    expect(deleted).toMatchObject({ actor: 'operator', sourceIp: '127.0.0.1' });
    // only events of no tenant (deleted tenants, Setup UI sign-in links; server-wide events of
    // other kinds: the signing keys'): a live tenant's changes stay in its own trail
    expect(
      events.body.items.every(
        (e: { action: string }) =>
          e.action === 'tenant.deleted' ||
          e.action.startsWith('signing_key.') ||
          e.action.startsWith('setup_link.'),
      ),
    ).toBe(true);
    const page = await s.admin('GET', '/audit-events?limit=1');
    expect(page.body.items).toHaveLength(1);
    expect(typeof page.body.nextCursor).toBe('string');
    expect((await s.admin('GET', '/audit-events?limit=0')).status).toBe(400);
    expect((await raw('/audit-events')).status).toBe(401);
  });

  it('publishes an OpenAPI document generated from the schemas', async () => {
    const doc = await (await fetch(`${s.baseUrl}/openapi.json`)).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/admin/v1/tenants',
        '/admin/v1/tenants/{sub}/packages/{id}/integration',
        '/admin/v1/tenants/{sub}/packages/{id}/integration/secrets',
      ]),
    );
    const create = doc.paths['/admin/v1/tenants/{sub}/packages/{id}/integration'].post;
    expect(JSON.stringify(create.requestBody)).toContain('integrationType');
  });

  it('health, readiness and metrics', async () => {
    expect((await fetch(`${s.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${s.baseUrl}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${s.baseUrl}/metrics`)).text();
    expect(metrics).toContain('packgate_tokens_issued_total');
  });
});
