import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/src/testing.js';
import { parseMemberships } from '../src/commands/users.js';
import { runInProcess } from './support/cli.js';

let pg: TestServer;
let dir: string;
beforeAll(async () => {
  pg = await startTestServer();
  dir = mkdtempSync(join(tmpdir(), 'packgate-cli-users-'));
  writeFileSync(join(dir, 'password'), 'a long enough password\n', { mode: 0o600 });
});
afterAll(async () => {
  await pg?.close();
  rmSync(dir, { recursive: true, force: true });
});

const cli = (...args: string[]) =>
  runInProcess(args, { env: { PACKGATE_URL: pg.baseUrl, PACKGATE_ADMIN_KEY: pg.adminKey }, cwd: dir });
const json = async (...args: string[]) => {
  const res = await cli(...args, '--json');
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout);
};

describe('packgate users and licenses', () => {
  it('parses --bu MID=permissions', () => {
    expect(parseMemberships(['123=email_read,data_extensions_read', '456'])).toEqual([
      { mid: 123, permissions: ['email_read', 'data_extensions_read'] },
      { mid: 456, permissions: [] },
    ]);
    expect(() => parseMemberships(['abc=email_read'])).toThrow(/MID=permission/);
  });

  it('create, list, get, update, license and delete a user; the password never shows', async () => {
    const user = await json(
      'users',
      'create',
      'grace',
      '--password-file',
      'password',
      '--bu',
      `${pg.eid}=email_read`,
    );
    expect(user).toMatchObject({
      username: 'grace',
      businessUnits: [{ mid: pg.eid, permissions: ['email_read'] }],
    });
    const human = await cli('users', 'get', String(user.id));
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/username:\s+grace/);
    expect(human.stdout).not.toMatch(/password/);
    expect((await json('users', 'list')).items.map((u: { id: number }) => u.id)).toContain(user.id);
    const updated = await json('users', 'update', String(user.id), '--bu', `${pg.eid}=email_read,email_send`);
    expect(updated.businessUnits[0].permissions).toEqual(['email_read', 'email_send']);
    // Flags left out change nothing; --administer-packages and --email set, their --no- forms clear.
    const granted = await json(
      'users',
      'update',
      String(user.id),
      '--administer-packages',
      '--email',
      'grace@example.test',
    );
    expect(granted).toMatchObject({ administerPackages: true, email: 'grace@example.test' });
    expect(await json('users', 'update', String(user.id), '--bu', `${pg.eid}=email_read`)).toMatchObject({
      administerPackages: true,
      email: 'grace@example.test',
    });
    const withdrawn = await json(
      'users',
      'update',
      String(user.id),
      '--no-administer-packages',
      '--no-email',
    );
    expect(withdrawn).toMatchObject({ administerPackages: false, email: null });

    const pkg = await pg.admin('POST', `/tenants/${pg.subdomain}/packages`, { name: 'cli web app' });
    await pg.admin('POST', `/tenants/${pg.subdomain}/packages/${pkg.body.id}/integration`, {
      integrationType: 'web-app',
      scopes: ['email_read'],
      redirectUris: ['https://app.example/cb'],
    });
    expect(await json('licenses', 'set', pkg.body.id, '--users', String(user.id))).toEqual({
      userIds: [user.id],
    });
    expect((await cli('licenses', 'list', pkg.body.id)).stdout).toBe(`${user.id}\n`);

    expect((await cli('users', 'delete', String(user.id))).code).toBe(2);
    expect((await cli('users', 'delete', String(user.id), '--yes')).code).toBe(0);
    expect((await cli('users', 'get', String(user.id))).code).toBe(1);
  });

  it('usage errors exit 2', async () => {
    expect((await cli('users', 'create', 'x', '--bu', `${pg.eid}=email_read`)).code).toBe(2);
    expect((await cli('users', 'create', 'x', '--password-file', 'password')).code).toBe(2);
    expect(
      (await cli('users', 'create', 'x', '--password-file', 'missing', '--bu', String(pg.eid))).code,
    ).toBe(2);
    expect((await cli('licenses', 'set', 'p', '--users', 'abc')).code).toBe(2);
  });
});
