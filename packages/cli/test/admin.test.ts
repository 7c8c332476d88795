import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/src/testing.js';
import { runInProcess } from './support/cli.js';

let pg: TestServer;
let keyDir: string;
beforeAll(async () => {
  pg = await startTestServer();
  keyDir = mkdtempSync(join(tmpdir(), 'packgate-cli-key-'));
  writeFileSync(join(keyDir, 'admin-key'), `${pg.adminKey}\n`, { mode: 0o600 });
});
afterAll(async () => {
  await pg?.close();
  rmSync(keyDir, { recursive: true, force: true });
});

/** The admin verbs with the key from PACKGATE_ADMIN_KEY, against the test server. */
const admin = (...args: string[]) =>
  runInProcess(args, { env: { PACKGATE_URL: pg.baseUrl, PACKGATE_ADMIN_KEY: pg.adminKey } });
const json = async (...args: string[]) => {
  const res = await admin(...args, '--json');
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout);
};

describe('admin verbs round-trip through the admin API', () => {
  it('tenants list: an aligned table by default, raw items with --json', async () => {
    const res = await admin('tenants', 'list');
    expect(res.code).toBe(0);
    const [header, row] = res.stdout.split('\n');
    expect(header).toMatch(/^SUBDOMAIN\s+EID\s+NAME\s+AUTH BASE URI$/);
    expect(row?.indexOf(String(pg.eid))).toBe(header?.indexOf('EID'));
    const body = await json('tenants', 'list');
    expect(body.items.map((t: { subdomain: string }) => t.subdomain)).toContain(pg.subdomain);
  });

  it('without --url or PACKGATE_URL the server of PACKGATE_PORT / PACKGATE_PUBLIC_URL is used', async () => {
    const port = new URL(pg.baseUrl).port;
    const viaPort = await runInProcess(['tenants', 'list', '--json'], {
      env: { PACKGATE_PORT: port, PACKGATE_ADMIN_KEY: pg.adminKey },
    });
    expect(viaPort.code, viaPort.stderr).toBe(0);
    const viaPublicUrl = await runInProcess(['tenants', 'list', '--json'], {
      env: { PACKGATE_PUBLIC_URL: pg.baseUrl, PACKGATE_PORT: '1', PACKGATE_ADMIN_KEY: pg.adminKey },
    });
    expect(viaPublicUrl.code, viaPublicUrl.stderr).toBe(0);
    const explicit = await runInProcess(['tenants', 'list'], {
      env: { PACKGATE_URL: 'http://127.0.0.1:1', PACKGATE_PORT: port, PACKGATE_ADMIN_KEY: pg.adminKey },
    });
    expect(explicit.code).toBe(1);
    expect(explicit.stderr).toContain('cannot reach the Packgate server at http://127.0.0.1:1');
  });

  it('the operator key from --admin-key-file (and the data dir default) works too', async () => {
    const env = { PACKGATE_URL: pg.baseUrl };
    const viaFlag = await runInProcess(['tenants', 'list', '--admin-key-file', join(keyDir, 'admin-key')], {
      env,
    });
    expect(viaFlag.code, viaFlag.stderr).toBe(0);
    const viaDataDir = await runInProcess(['tenants', 'list'], {
      env: { ...env, PACKGATE_DATA_DIR: keyDir },
    });
    expect(viaDataDir.code, viaDataDir.stderr).toBe(0);
  });

  it('tenants create, then bu/packages need --tenant when there are several, then tenants delete', async () => {
    const tenant = await json('tenants', 'create', 'Second Enterprise');
    expect(tenant.subdomain).toMatch(/^mc[a-z0-9]{26}$/);
    const ambiguous = await admin('bu', 'list');
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('--tenant');
    const bus = await json('bu', 'list', '--tenant', tenant.subdomain);
    expect(bus.items).toEqual([{ mid: tenant.eid, name: 'Second Enterprise', parentMid: null }]);
    expect((await admin('tenants', 'delete', tenant.subdomain)).code).toBe(2); // no --yes
    expect(await json('tenants', 'delete', tenant.subdomain, '--yes')).toEqual({ deleted: tenant.subdomain });
    const gone = await admin('bu', 'list', '--tenant', tenant.subdomain);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/hint: check the id or subdomain/);
    const serverWide = await json('audit', 'list', '--server-wide');
    expect(serverWide.items[0]).toMatchObject({ action: 'tenant.deleted', target: tenant.subdomain });
  });

  it('bu create and list', async () => {
    const bu = await json('bu', 'create', 'Sales', '--parent-mid', String(pg.eid));
    expect(bu).toMatchObject({ name: 'Sales', parentMid: pg.eid });
    const list = await json('bu', 'list');
    expect(list.items.map((b: { mid: number }) => b.mid)).toContain(bu.mid);
  });

  it('packages create/get/list/delete, integration, access and secrets: a full S2S setup whose token works', async () => {
    const bu = await json('bu', 'create', 'Service');
    const pkg = await json('packages', 'create', 'Nightly sync', '--description', 'ETL');
    expect(pkg).toMatchObject({ name: 'Nightly sync', description: 'ETL', mid: pg.eid });
    expect(await json('packages', 'get', pkg.id)).toEqual(pkg);
    const listed = await admin('packages', 'list');
    expect(listed.stdout).toMatch(new RegExp(`${pkg.id}\\s+Nightly sync\\s+${pg.eid}\\s+ETL`));

    const created = await admin(
      'integration',
      'create',
      pkg.id,
      '--type',
      'server-to-server',
      '--scopes',
      'email_read,data_extensions_read',
    );
    expect(created.code, created.stderr).toBe(0);
    const clientId = /client id:\s+(\S+)/.exec(created.stdout)?.[1] as string;
    const firstSecret = /client secret:\s+(SFMC_\S+)\s+\(shown once/.exec(created.stdout)?.[1] as string;
    expect(firstSecret).toHaveLength(64);
    const read = await json('integration', 'get', pkg.id);
    expect(read).toMatchObject({
      clientId,
      integrationType: 'server-to-server',
      scopes: ['email_read', 'data_extensions_read'],
    });
    expect(JSON.stringify(read)).not.toContain('SFMC_');

    const scoped = await json('integration', 'set-scopes', pkg.id, 'email_read', 'email_send');
    expect(scoped.scopes).toEqual(['email_read', 'email_send']);

    const tokenFor = (secret: string, ...extra: string[]) =>
      runInProcess(['token', '--auth-base-uri', pg.authBaseUri, '--client-id', clientId, ...extra], {
        env: { PACKGATE_CLIENT_SECRET: secret },
      });
    expect((await tokenFor(firstSecret, '--account-id', String(bu.mid))).code).toBe(1);
    const access = await json('access', 'set', pkg.id, '--mids', `${pg.eid},${bu.mid}`);
    expect(access.access).toEqual({ all: false, mids: [pg.eid, bu.mid].sort((a, b) => a - b) });
    expect((await tokenFor(firstSecret, '--account-id', String(bu.mid))).code).toBe(0);
    expect((await json('access', 'set', pkg.id, '--all')).access.all).toBe(true);

    const staged = await json('secrets', 'stage', pkg.id);
    expect(staged).toMatchObject({ state: 'staged' });
    expect(staged.clientSecret).toMatch(/^SFMC_/);
    const secrets = await json('secrets', 'list', pkg.id);
    expect(secrets.items.map((s: { state: string }) => s.state).sort()).toEqual(['active', 'staged']);
    expect(JSON.stringify(secrets)).not.toContain('SFMC_');
    const activated = await json('secrets', 'activate', pkg.id, staged.secretId);
    expect(activated.state).toBe('active');
    expect((await tokenFor(staged.clientSecret)).code).toBe(0);
    const old = await tokenFor(firstSecret);
    expect(old.code).toBe(1);
    expect(old.stderr).toContain('invalid_client');

    const audit = await json('audit', 'list', '--limit', '20');
    const actions = audit.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['package.created', 'integration.created', 'integration.access_changed']),
    );
    const table = await admin('audit', 'list', '--limit', '3');
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+WHEN\s+ACTOR\s+ACTION\s+TARGET\s+FROM$/);
    expect(table.stdout).toContain('more: --before');

    expect((await admin('packages', 'delete', pkg.id)).code).toBe(2);
    expect((await admin('packages', 'delete', pkg.id, '--yes')).code).toBe(0);
    const missing = await admin('packages', 'get', pkg.id);
    expect(missing.code).toBe(1);
  });

  it('integration create for a web app and set-redirect-uris', async () => {
    const pkg = await json('packages', 'create', 'Portal');
    const web = await json(
      'integration',
      'create',
      pkg.id,
      '--type',
      'web-app',
      '--scopes',
      'email_read',
      '--redirect-uris',
      'https://portal.example.test/cb',
    );
    expect(web.redirectUris).toEqual(['https://portal.example.test/cb']);
    const updated = await json(
      'integration',
      'set-redirect-uris',
      pkg.id,
      'https://portal.example.test/a',
      'https://portal.example.test/b',
    );
    expect(updated.redirectUris).toEqual(['https://portal.example.test/a', 'https://portal.example.test/b']);
    const again = await admin(
      'integration',
      'create',
      pkg.id,
      '--type',
      'web-app',
      '--scopes',
      'email_read',
      '--redirect-uris',
      'https://x.example.test/',
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/hint: it already exists/);
  });
});

describe('admin verbs: failures', () => {
  it('a wrong operator key: exit 1, names the key options, never prints a key', async () => {
    const wrong = 'w'.repeat(40);
    const res = await runInProcess(['tenants', 'list'], {
      env: { PACKGATE_URL: pg.baseUrl, PACKGATE_ADMIN_KEY: wrong },
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/hint: .*--admin-key-file.*PACKGATE_ADMIN_KEY/);
    expect(res.stderr + res.stdout).not.toContain(wrong);
  });

  it('no operator key file: exit 1 with how to get one', async () => {
    const res = await runInProcess(['tenants', 'list'], {
      env: { PACKGATE_URL: pg.baseUrl },
      cwd: `${keyDir}/nowhere`,
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/no operator key in .*admin-key/);
    expect(res.stderr).toContain('packgate serve');
  });

  it('no server at --url: exit 1 with a hint to start it', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    const res = await runInProcess(['tenants', 'list', '--url', `http://127.0.0.1:${port}`], {
      env: { PACKGATE_ADMIN_KEY: pg.adminKey },
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/cannot reach the Packgate server .*ECONNREFUSED/);
    expect(res.stderr).toContain('packgate serve');
  });

  it('validation errors name the field; bad arguments are usage errors', async () => {
    const pkg = await json('packages', 'create', 'Scoped');
    await json('integration', 'create', pkg.id, '--type', 'server-to-server');
    const badScope = await admin('integration', 'set-scopes', pkg.id, 'not_a_scope');
    expect(badScope.code).toBe(1);
    expect(badScope.stderr).toContain('not_a_scope');
    expect((await admin('integration', 'create', pkg.id, '--type', 'robot')).code).toBe(2);
    expect((await admin('access', 'set', pkg.id)).code).toBe(2);
    expect((await admin('access', 'set', pkg.id, '--all', '--mids', '1')).code).toBe(2);
    expect((await admin('access', 'set', pkg.id, '--mids', 'x')).code).toBe(2);
    expect((await admin('audit', 'list', '--limit', '0')).code).toBe(2);
    const plain = await runInProcess(['tenants', 'list', '--url', 'http://example.com'], {
      env: { PACKGATE_ADMIN_KEY: pg.adminKey },
    });
    expect(plain.code).toBe(2);
  });

  it('--json failures parse and carry the server answer', async () => {
    const res = await admin('packages', 'get', 'no-such-package', '--json');
    expect(res.code).toBe(1);
    const body = JSON.parse(res.stdout);
    expect(body.error.code).toBe('ERR_NOT_FOUND');
    expect(body.status).toBe(404);
  });
});
