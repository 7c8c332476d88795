import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/setup/users/user-service.js';
import type { Store } from '../../src/storage/store.js';
import { BACKENDS } from '../support/backends.js';
import { Browser } from './support/browser.js';
import {
  authorizeUrl,
  exchangeWebCode,
  type Fixture,
  obtainCode,
  redirectParams,
  signIn,
  startFixture,
  token,
  webAuthorizeParams,
} from './support/fixture.js';

describe.each(BACKENDS)('admin API: users and licences ($name)', (backend) => {
  let f: Fixture;
  let users: string;
  beforeAll(async () => {
    f = await startFixture(backend);
    users = `/tenants/${f.server.subdomain}/users`;
  });
  afterAll(async () => {
    await f.server.close();
    await backend.cleanup();
  });

  const newUser = (overrides: Record<string, unknown> = {}) => ({
    username: `user-${Math.random().toString(36).slice(2, 10)}`,
    password: 'a long enough password',
    email: 'someone@example.test',
    businessUnits: [{ mid: f.server.eid, permissions: ['email_send', 'email_read'] }],
    ...overrides,
  });

  it('creates a user with a numeric id; never returns or logs the password', async () => {
    const body = newUser({ administerPackages: true });
    const res = await f.server.admin('POST', users, body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      username: body.username,
      email: 'someone@example.test',
      administerPackages: true,
      businessUnits: [{ mid: f.server.eid, permissions: ['email_read', 'email_send'] }],
    });
    expect(Number.isInteger(res.body.id)).toBe(true);
    expect(JSON.stringify(res.body)).not.toMatch(/password|scrypt/);
    const one = await f.server.admin('GET', `${users}/${res.body.id}`);
    expect(one.body).toEqual(res.body);
    const list = await f.server.admin('GET', users);
    expect(list.body.items.map((u: { id: number }) => u.id)).toContain(res.body.id);
    expect(JSON.stringify(list.body)).not.toMatch(/password|scrypt/);
    const audit = await f.server.admin('GET', `/tenants/${f.server.subdomain}/audit-events`);
    const event = audit.body.items.find(
      (e: { action: string; target: string }) =>
        e.action === 'user.created' && e.target === String(res.body.id),
    );
    expect(event).toBeTruthy();
    expect(JSON.stringify(event)).not.toContain(body.password);
  });

  it('concurrent creations of one username (in any case): one 201, the others 409', async () => {
    const names = Array.from({ length: 12 }, (_, i) => (i % 2 ? 'racer' : 'RACER'));
    const results = await Promise.all(
      names.map((username) => f.server.admin('POST', users, newUser({ username }))),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(11).fill(409)]);
    for (const r of results.filter((r) => r.status === 409)) expect(r.body.field).toBe('username');
  });

  it('a creation that raced past the username check still answers 409, not a store failure', async () => {
    const { store, revocations } = f.server.server.ctx;
    const tenant = await store.tenants.findTenantBySubdomain(f.server.subdomain);
    if (!tenant) throw new Error('tenant missing');
    // The other request commits between this one's check and its insert: the check saw nothing.
    const staleCheck: Store = {
      ...store,
      transaction: (work) =>
        store.transaction((repos) =>
          work({ ...repos, users: { ...repos.users, isUsernameTaken: async () => false } }),
        ),
    };
    const input = { username: 'ADA', password: 'a long enough password', businessUnits: [] };
    const who = { actor: 'test', sourceIp: '127.0.0.1' };
    await expect(
      createUser({ store: staleCheck, revocations }, who, tenant, input, f.clock.now),
    ).rejects.toMatchObject({ statusCode: 409, field: 'username' });
  });

  it('concurrent licence, update and delete calls answer 2xx/4xx, never a 500', async () => {
    const licenses = `/tenants/${f.server.subdomain}/packages/${f.webApp.packageId}/integration/licenses`;
    const before = (await f.server.admin('GET', licenses)).body.userIds as number[];
    const sets = [before, [...before, f.users.unlicensed.id].sort((a, b) => a - b)];
    const puts = await Promise.all(
      Array.from({ length: 8 }, (_, i) => f.server.admin('PUT', licenses, { userIds: sets[i % 2] })),
    );
    expect(puts.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(sets).toContainEqual((await f.server.admin('GET', licenses)).body.userIds);

    const gone = await f.server.admin('POST', users, newUser());
    const deletes = await Promise.all(
      Array.from({ length: 6 }, () => f.server.admin('DELETE', `${users}/${gone.body.id}`)),
    );
    expect(deletes.map((r) => r.status).sort()).toEqual([204, 404, 404, 404, 404, 404]);
    const deletedEvents = (
      await f.server.admin('GET', `/tenants/${f.server.subdomain}/audit-events`)
    ).body.items.filter(
      (e: { action: string; target: string }) =>
        e.action === 'user.deleted' && e.target === String(gone.body.id),
    );
    expect(deletedEvents).toHaveLength(1);

    for (let round = 0; round < 3; round++) {
      const victim = await f.server.admin('POST', users, newUser());
      const one = `${users}/${victim.body.id}`;
      const [deleted, patched, licensed, repassworded] = await Promise.all([
        f.server.admin('DELETE', one),
        f.server.admin('PATCH', one, { businessUnits: [{ mid: f.bu2, permissions: [] }] }),
        f.server.admin('PUT', licenses, { userIds: [...before, victim.body.id] }),
        f.server.admin('PATCH', one, { password: 'another long password' }),
      ]);
      expect({
        deleted: deleted?.status,
        patched: [200, 404].includes(patched?.status ?? 0),
        licensed: [200, 400].includes(licensed?.status ?? 0),
        repassworded: [200, 404].includes(repassworded?.status ?? 0),
      }).toEqual({ deleted: 204, patched: true, licensed: true, repassworded: true });
    }
    await f.server.admin('PUT', licenses, { userIds: before });
  });

  it('lists with cursor paging; bad paging parameters are 400', async () => {
    const first = await f.server.admin('GET', `${users}?limit=1`);
    expect(first.body.items).toHaveLength(1);
    const second = await f.server.admin('GET', `${users}?limit=1&after=${first.body.nextCursor}`);
    expect(second.body.items[0].id).toBeGreaterThan(first.body.items[0].id);
    expect((await f.server.admin('GET', `${users}?limit=0`)).status).toBe(400);
    expect((await f.server.admin('GET', `${users}?after=x`)).status).toBe(400);
  });

  it('refuses bad input with a named field', async () => {
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [newUser({ password: 'short' }), 400, 'password'],
      [newUser({ username: '' }), 400, 'username'],
      [newUser({ username: ' padded ' }), 400, 'username'],
      [newUser({ businessUnits: [] }), 400, 'businessUnits'],
      [newUser({ businessUnits: [{ mid: 123456789, permissions: [] }] }), 400, 'businessUnits.0'],
      [
        newUser({ businessUnits: [{ mid: f.server.eid, permissions: ['nope'] }] }),
        400,
        'businessUnits.0.permissions.0',
      ],
      [
        newUser({ businessUnits: [{ mid: f.server.eid, permissions: ['offline'] }] }),
        400,
        'businessUnits.0.permissions.0',
      ],
      [
        newUser({
          businessUnits: [
            { mid: f.server.eid, permissions: [] },
            { mid: f.server.eid, permissions: [] },
          ],
        }),
        400,
        'businessUnits.1',
      ],
      [newUser({ email: 'not an email' }), 400, 'email'],
      [newUser({ email: 'a\u0000@example.test' }), 400, 'email'],
      [newUser({ username: 'ada\u0000' }), 400, 'username'],
      [newUser({ extra: 1 }), 400, ''],
    ];
    for (const [body, status, field] of cases) {
      const res = await f.server.admin('POST', users, body);
      expect({ status: res.status, field: res.body.field ?? '' }).toMatchObject({
        status,
        field: expect.stringContaining(field),
      });
    }
    const dup = await f.server.admin('POST', users, newUser({ username: 'ADA' }));
    expect(dup.status).toBe(409);
    expect((await f.server.admin('GET', `${users}/999`)).status).toBe(404);
    expect((await f.server.admin('GET', `${users}/abc`)).status).toBe(404);
    expect((await f.server.admin('GET', `/tenants/mcnope/users`)).status).toBe(404);
    // A subdomain no tenant can have (PostgreSQL refuses NUL in text): not found, not a 500.
    expect((await f.server.admin('GET', '/tenants/mc%00/users')).status).toBe(404);
    expect((await f.server.admin('POST', '/tenants/mc%00/users', newUser())).status).toBe(404);
  });

  it('updates and deletes; deleting a user revokes their tokens', async () => {
    const created = await f.server.admin('POST', users, newUser());
    const id = created.body.id;
    const patched = await f.server.admin('PATCH', `${users}/${id}`, {
      email: null,
      businessUnits: [{ mid: f.bu2, permissions: ['data_extensions_read'] }],
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      email: null,
      businessUnits: [{ mid: f.bu2, permissions: ['data_extensions_read'] }],
    });
    expect((await f.server.admin('PATCH', `${users}/${id}`, {})).status).toBe(400);

    // Sign the user in to the web app, then delete them: their tokens die with them.
    const licenses = `/tenants/${f.server.subdomain}/packages/${f.webApp.packageId}/integration/licenses`;
    const before = (await f.server.admin('GET', licenses)).body.userIds as number[];
    await f.server.admin('PUT', licenses, { userIds: [...before, id] });
    const page = await signIn(
      new Browser(),
      authorizeUrl(f, webAuthorizeParams(f)),
      created.body.username,
      'a long enough password',
    );
    const tokens = await exchangeWebCode(f, redirectParams(page).get('code') ?? '');
    expect(tokens.status).toBe(200);
    expect(decodeJwt(tokens.body.access_token).mid).toBe(f.bu2);
    expect((await f.server.admin('DELETE', `${users}/${id}`)).status).toBe(204);
    expect((await f.server.admin('GET', `${users}/${id}`)).status).toBe(404);
    expect((await f.server.admin('DELETE', `${users}/${id}`)).status).toBe(404);
    expect((await f.server.admin('GET', licenses)).body.userIds).toEqual(before);
    const userinfo = await fetch(`${f.server.authBaseUri}v2/userinfo`, {
      headers: { authorization: `Bearer ${tokens.body.access_token}` },
    });
    expect(userinfo.status).toBe(401);
    const refresh = await token(f, {
      grant_type: 'refresh_token',
      refresh_token: tokens.body.refresh_token,
      client_id: f.webApp.clientId,
      client_secret: f.webApp.clientSecret ?? '',
    });
    expect(refresh.body.error).toBe('invalid_grant');
  });

  it('licences: PUT replaces the set, only for web/public apps and users of the tenant', async () => {
    const licenses = `/tenants/${f.server.subdomain}/packages/${f.webApp.packageId}/integration/licenses`;
    const before = (await f.server.admin('GET', licenses)).body.userIds as number[];
    const put = await f.server.admin('PUT', licenses, {
      userIds: [...before, f.users.unlicensed.id, f.users.unlicensed.id],
    });
    expect(put.status).toBe(200);
    expect(put.body.userIds).toEqual([...before, f.users.unlicensed.id].sort((a, b) => a - b));
    expect((await f.server.admin('PUT', licenses, { userIds: [42] })).body.field).toBe('userIds.0');
    const s2s = `/tenants/${f.server.subdomain}/packages/${f.server.packageId}/integration/licenses`;
    expect((await f.server.admin('PUT', s2s, { userIds: [] })).status).toBe(400);
    await f.server.admin('PUT', licenses, { userIds: before });
    const audit = await f.server.admin('GET', `/tenants/${f.server.subdomain}/audit-events`);
    expect(
      audit.body.items.some((e: { action: string }) => e.action === 'integration.licenses_changed'),
    ).toBe(true);
  });

  it('another tenant: its BUs are no memberships here, its users get no licence here', async () => {
    const other = await f.server.admin('POST', '/tenants', { name: 'Other tenant' });
    const outsider = await f.server.admin('POST', `/tenants/${other.body.subdomain}/users`, {
      ...newUser(),
      businessUnits: [{ mid: other.body.eid, permissions: ['email_read'] }],
    });
    expect(outsider.status).toBe(201);
    const foreignBu = await f.server.admin(
      'POST',
      users,
      newUser({ businessUnits: [{ mid: other.body.eid, permissions: ['email_read'] }] }),
    );
    expect(foreignBu.status).toBe(400);
    expect(foreignBu.body.field).toBe('businessUnits.0');
    const licenses = `/tenants/${f.server.subdomain}/packages/${f.webApp.packageId}/integration/licenses`;
    const before = (await f.server.admin('GET', licenses)).body.userIds as number[];
    const put = await f.server.admin('PUT', licenses, { userIds: [outsider.body.id] });
    expect(put.status).toBe(400);
    expect(put.body.field).toBe('userIds.0');
    expect((await f.server.admin('GET', licenses)).body.userIds).toEqual(before);
    // Nor can this tenant's admin path reach the other tenant's user.
    expect((await f.server.admin('GET', `${users}/${outsider.body.id}`)).status).toBe(404);
    expect((await f.server.admin('PATCH', `${users}/${outsider.body.id}`, { email: null })).status).toBe(404);
    expect((await f.server.admin('DELETE', `${users}/${outsider.body.id}`)).status).toBe(404);
    expect((await f.server.admin('DELETE', `/tenants/${other.body.subdomain}`)).status).toBe(204);
  });

  it("removing a licence revokes that user's tokens of the app", async () => {
    const licenses = `/tenants/${f.server.subdomain}/packages/${f.webApp.packageId}/integration/licenses`;
    const before = (await f.server.admin('GET', licenses)).body.userIds as number[];
    const tokens = await exchangeWebCode(f, await obtainCode(f, webAuthorizeParams(f), 'ada'));
    const userinfo = () =>
      fetch(`${f.server.authBaseUri}v2/userinfo`, {
        headers: { authorization: `Bearer ${tokens.body.access_token}` },
      });
    expect((await userinfo()).status).toBe(200);
    await f.server.admin('PUT', licenses, { userIds: before.filter((id) => id !== f.users.ada.id) });
    expect((await userinfo()).status).toBe(401);
    await f.server.admin('PUT', licenses, { userIds: before });
  });

  it('is described in /openapi.json', async () => {
    const doc = await (await fetch(`${f.server.baseUrl}/openapi.json`)).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/admin/v1/tenants/{sub}/users',
        '/admin/v1/tenants/{sub}/users/{userId}',
        '/admin/v1/tenants/{sub}/packages/{id}/integration/licenses',
      ]),
    );
  });
});
