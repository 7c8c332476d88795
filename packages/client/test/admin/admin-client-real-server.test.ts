import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../server/src/testing.js';
import {
  AdminBadRequestError,
  type AdminClient,
  AdminConflictError,
  AdminNotFoundError,
  AdminUnauthenticatedError,
  createAdminClient,
  NetworkError,
} from '../../src/admin/index.js';
import { createRestClient, createTokenProvider } from '../../src/index.js';

/** The admin client against a real Packgate on an ephemeral port. */
let server: TestServer;
let admin: AdminClient;
beforeAll(async () => {
  server = await startTestServer();
  admin = createAdminClient({ baseUrl: server.baseUrl, adminKey: server.adminKey });
});
afterAll(async () => {
  await server?.close();
});

describe('provisioning through @packgate/client/admin', () => {
  it('tenant → business unit → package → integration → access → a token that works', async () => {
    const tenant = await admin.createTenant({ body: { name: 'Provisioned Inc' } });
    const sub = tenant.subdomain;
    const bu = await admin.createBusinessUnit({ sub, body: { name: 'Sales' } });
    expect(bu.parentMid).toBe(tenant.eid);
    const pkg = await admin.createPackage({ sub, body: { name: 'Nightly sync', mid: tenant.eid } });
    const integration = await admin.createIntegration({
      sub,
      id: pkg.id,
      body: { integrationType: 'server-to-server', scopes: ['email_read'] },
    });
    expect(integration.clientSecret).toMatch(/^SFMC_/);
    await admin.setIntegrationAccess({ sub, id: pkg.id, body: { mids: [tenant.eid, bu.mid] } });
    expect((await admin.getIntegration({ sub, id: pkg.id })).clientSecret).toBeUndefined();

    const provider = createTokenProvider({
      authBaseUri: tenant.authBaseUri,
      clientId: integration.clientId,
      clientSecret: integration.clientSecret ?? '',
      accountId: bu.mid,
    });
    const context = await createRestClient({ tokenSource: provider }).request<{
      organization: { id: number };
    }>('platform/v1/tokenContext');
    expect(context.organization.id).toBe(bu.mid);

    const staged = await admin.generateSecret({ sub, id: pkg.id });
    expect(staged.state).toBe('staged');
    expect((await admin.activateSecret({ sub, id: pkg.id, secretId: staged.secretId })).state).toBe('active');
    expect(await admin.deleteTenant({ sub })).toBeUndefined();
  });

  it('paginate walks every package across pages of the server', async () => {
    const sub = server.subdomain;
    const names = ['p1', 'p2', 'p3', 'p4', 'p5'];
    for (const name of names) await admin.createPackage({ sub, body: { name } });
    const seen: string[] = [];
    for await (const pkg of admin.paginate('listPackages', { sub, query: { limit: '2' } }))
      seen.push(pkg.name);
    expect(seen).toEqual(expect.arrayContaining(names));
    expect(new Set(seen).size).toBe(seen.length);
    const all = await admin.listPackages({ sub, query: { limit: '500' } });
    expect(seen).toHaveLength(all.items.length);
  });

  it('audit events page newest first through `before`', async () => {
    const seen: number[] = [];
    for await (const event of admin.paginate('listTenantAuditEvents', {
      sub: server.subdomain,
      query: { limit: '1' },
    })) {
      seen.push(event.id);
      if (seen.length === 3) break;
    }
    expect(seen).toHaveLength(3);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
  });
});

describe('typed errors from the real server', () => {
  it('400 names the field', async () => {
    const e = await admin.createPackage({ sub: server.subdomain, body: { name: '' } }).catch((x) => x);
    expect(e).toBeInstanceOf(AdminBadRequestError);
    expect(e.field).toBe('name');
    expect(e.status).toBe(400);
  });

  it('401 for a wrong key, which never appears in the error', async () => {
    const wrong = `wrong-${'x'.repeat(40)}`;
    const stranger = createAdminClient({ baseUrl: server.baseUrl, adminKey: wrong });
    const e = await stranger.listTenants().catch((x) => x);
    expect(e).toBeInstanceOf(AdminUnauthenticatedError);
    expect(`${e.message} ${e.hint}`).not.toContain(wrong);
  });

  it('404 for an unknown package', async () => {
    const e = await admin.getPackage({ sub: server.subdomain, id: 'no-such-package' }).catch((x) => x);
    expect(e).toBeInstanceOf(AdminNotFoundError);
    expect(e.adminError).toBe('not_found');
  });

  it('409 names the clashing field', async () => {
    const body = {
      username: 'ada',
      password: 'correct horse battery staple',
      businessUnits: [{ mid: server.eid, permissions: [] }],
    };
    await admin.createUser({ sub: server.subdomain, body });
    const e = await admin.createUser({ sub: server.subdomain, body }).catch((x) => x);
    expect(e).toBeInstanceOf(AdminConflictError);
    expect(e.field).toBe('username');
  });

  it('a server that is not there is a NetworkError', async () => {
    const gone = createAdminClient({ baseUrl: 'http://127.0.0.1:1', adminKey: 'k' });
    await expect(gone.listTenants()).rejects.toBeInstanceOf(NetworkError);
  });
});
