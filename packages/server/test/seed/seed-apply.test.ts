import { afterAll, describe, expect, it } from 'vitest';
import { SeedFileError } from '../../src/setup/seed/seed-error.js';
import { BACKENDS } from '../support/backends.js';
import { CHILD, EID, S2S_ID, SECRET, SUB, seed, WEB_ID } from './seed-fixture.js';
import { admin, requestToken, secretFrom, seedStore } from './seed-support.js';

describe.each(BACKENDS)('seed files (issue 10 part 4) on $name', (backend) => {
  const store = seedStore(backend);
  afterAll(async () => {
    store.cleanup();
    await backend.cleanup();
  });

  it('an empty server started with a seed file has exactly its tenants, BUs, credentials and rows', async () => {
    const server = await store.start(store.writeSeed(seed()));
    try {
      expect(server.report.tenant.subdomain).toBe(SUB);
      expect(server.banner).toContain('seed file:');
      const tenants = await admin(server, 'GET', '/tenants');
      expect(tenants.body.items.map((t: { subdomain: string }) => t.subdomain)).toEqual([SUB]);
      expect(tenants.body.items[0].eid).toBe(EID);
      const bus = await admin(server, 'GET', `/tenants/${SUB}/business-units`);
      expect(bus.body.items.map((b: { mid: number }) => b.mid).sort()).toEqual([EID, CHILD]);

      const token = await requestToken(server, SUB, {
        client_id: S2S_ID,
        client_secret: SECRET,
        account_id: CHILD,
      });
      expect(token.status).toBe(200);
      expect(token.body.scope).toBe('data_extensions_read');
      // The file's fidelity section: this tenant's tokens live 600 s.
      expect(token.body.expires_in).toBe(479);

      // The web app got no fixed secret: one was generated and is reported once.
      expect(server.seed?.generatedSecrets.map((g) => g.clientId)).toEqual([WEB_ID]);
      expect(server.banner).toContain(server.seed?.generatedSecrets[0]?.clientSecret);

      const users = await admin(server, 'GET', `/tenants/${SUB}/users`);
      expect(users.body.items.map((u: { id: number; username: string }) => [u.id, u.username])).toEqual([
        [20000010, 'ana'],
      ]);
      const rows = await fetch(`${server.url}/${SUB}/rest/data/v1/customobjectdata/key/subscribers/rowset`, {
        headers: { authorization: `Bearer ${token.body.access_token}` },
      });
      // The token is for the child BU: the Data Extension lives in the top BU.
      expect(rows.status).toBe(404);
      const top = await requestToken(server, SUB, { client_id: S2S_ID, client_secret: SECRET });
      const read = await fetch(`${server.url}/${SUB}/rest/data/v1/customobjectdata/key/subscribers/rowset`, {
        headers: { authorization: `Bearer ${top.body.access_token}` },
      });
      expect(read.status).toBe(200);
      const body = (await read.json()) as { count: number };
      expect(body.count).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('applying the same file again changes nothing: no change, no audit event, no new secret', async () => {
    const file = store.writeSeed(seed());
    const first = await store.start(file);
    const events = (await admin(first, 'GET', `/tenants/${SUB}/audit-events?limit=500`)).body.items.length;
    await first.close();
    const again = await store.start(file);
    try {
      expect(again.seed?.changes).toEqual([]);
      expect(again.seed?.generatedSecrets).toEqual([]);
      expect(again.banner).toContain('nothing to change');
      expect((await admin(again, 'GET', `/tenants/${SUB}/audit-events?limit=500`)).body.items.length).toBe(
        events,
      );
      const token = await requestToken(again, SUB, { client_id: S2S_ID, client_secret: SECRET });
      expect(token.status).toBe(200);
    } finally {
      await again.close();
    }
  });

  it('a changed file updates what it names and keeps the rest', async () => {
    const changed = seed();
    const tenant = changed.tenants[0] as any;
    tenant.name = 'CI Enterprise (renamed)';
    tenant.businessUnits.push({ mid: 20000003, name: 'CI Grandchild', parentMid: CHILD });
    tenant.packages[0].integration.scopes = ['data_extensions_read', 'data_extensions_write'];
    tenant.packages[0].integration.clientSecret = secretFrom('D'.repeat(51));
    tenant.dataExtensions[0].rows = [{ Email: 'a@ci.example', Points: 10 }];
    const server = await store.start(store.writeSeed(changed));
    try {
      expect(server.seed?.changes).toEqual([
        'tenants[0].name: updated',
        'tenants[0].businessUnits[1]: created',
        'tenants[0].packages[0].integration: updated (scopes)',
        'tenants[0].packages[0].integration.clientSecret: replaced',
        'tenants[0].dataExtensions[0].rows: 1 row(s) written',
      ]);
      const old = await requestToken(server, SUB, { client_id: S2S_ID, client_secret: SECRET });
      expect(old.status).toBe(401);
      const token = await requestToken(server, SUB, {
        client_id: S2S_ID,
        client_secret: secretFrom('D'.repeat(51)),
      });
      expect(token.body.scope).toBe('data_extensions_read data_extensions_write');
      const rows = await fetch(`${server.url}/${SUB}/rest/data/v1/customobjectdata/key/subscribers/rowset`, {
        headers: { authorization: `Bearer ${token.body.access_token}` },
      });
      // b@ci.example is not named any more but is kept; a@ci.example has its new value.
      const body = (await rows.json()) as { count: number; items: Array<{ values: { points: string } }> };
      expect(body.count).toBe(2);
    } finally {
      await server.close();
    }
  });

  it.each<[string, (doc: any) => void, string]>([
    [
      'a package in a BU the tenant lacks',
      (d) => {
        d.tenants[0].packages.push({ name: 'New', mid: 29999999 });
      },
      'tenants[0].packages[2].mid: mid 29999999 is not a business unit of this tenant.',
    ],
    [
      'an existing package moved to another BU',
      (d) => {
        d.tenants[0].packages[0].mid = CHILD;
      },
      'tenants[0].packages[0].mid: the package was created in BU 20000001; a package cannot move.',
    ],
    [
      'another EID for an existing tenant',
      (d) => {
        d.tenants[0].eid = 20000009;
      },
      `tenants[0].eid: tenant ${SUB} exists with EID ${EID}; an EID never changes.`,
    ],
    [
      'a changed Data Extension definition',
      (d) => {
        d.tenants[0].dataExtensions[0].fields[1].type = 'Text';
      },
      'tenants[0].dataExtensions[0]: Data Extension "subscribers" exists in BU 20000001 with another name or fields',
    ],
    [
      'a licence for an unknown user',
      (d) => {
        d.tenants[0].packages[1].integration.licensedUsers = ['bob'];
      },
      'tenants[0].packages[1].integration.licensedUsers[0]: no user "bob" in this tenant (list it under users).',
    ],
    [
      'a BU moved to another parent',
      (d) => {
        d.tenants[0].businessUnits[0].parentMid = 20000003;
      },
      'tenants[0].businessUnits[0].parentMid: business unit 20000002 exists under 20000001; a business unit cannot move.',
    ],
    [
      'a new tenant whose EID is a MID already',
      (d) => {
        d.tenants = [{ subdomain: `mc${'zz'.repeat(13)}`, eid: CHILD, name: 'Z' }];
      },
      'tenants[0].eid: 20000002 is already used as an EID or MID.',
    ],
    [
      'a client id held by another package',
      (d) => {
        d.tenants[0].packages = [];
        d.tenants[0].packages.push({
          id: '00000000-0000-4000-8000-000000000001',
          name: 'Other',
          integration: { integrationType: 'server-to-server', clientId: S2S_ID, scopes: [] },
        });
      },
      `tenants[0].packages[0].integration.clientId: client id ${S2S_ID} belongs to another package (`,
    ],
    [
      'a new user without a password',
      (d) => {
        d.tenants[0].users.push({ username: 'carl', businessUnits: [] });
      },
      'tenants[0].users[1].password: a new user needs a password (or a passwordHash).',
    ],
    [
      'a row the Data Extension refuses',
      (d) => {
        d.tenants[0].dataExtensions[0].rows = [{ Email: 'a@ci.example', Points: 'many' }];
      },
      'tenants[0].dataExtensions[0].rows[0]:',
    ],
    [
      'another integration type',
      (d) => {
        d.tenants[0].packages[0].integration.integrationType = 'web-app';
        d.tenants[0].packages[0].integration.access = undefined;
        d.tenants[0].packages[0].integration.redirectUris = ['https://x.example/'];
        d.tenants[0].packages[0].integration.clientSecret = undefined;
      },
      'tenants[0].packages[0].integration.integrationType: the integration is server-to-server; the type is fixed at creation.',
    ],
  ])('a file with %s stops the boot with one line naming the place', async (_name, mutate, expected) => {
    await (await store.start(store.writeSeed(seed()))).close();
    const doc = seed();
    mutate(doc);
    const file = store.writeSeed(doc);
    const failure = await store.start(file).then(
      async (s) => {
        await s.close();
        throw new Error('the server started');
      },
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(SeedFileError);
    const message = (failure as Error).message;
    expect(message.startsWith(`seed file ${file}: `)).toBe(true);
    expect(message).toContain(expected);
    expect(message).not.toContain('\n');
  });

  it('a missing file and a file that is not JSON stop the boot', async () => {
    const missing = `${store.dir}/nope.json`;
    await expect(store.start(missing)).rejects.toThrow(`seed file ${missing}: no such file`);
    const yaml = store.writeSeed('version: 1\ntenants: []\n');
    await expect(store.start(yaml)).rejects.toThrow(
      `seed file ${yaml}: not valid JSON; seed files are JSON (YAML is not supported).`,
    );
  });
});
