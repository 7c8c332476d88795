import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/src/testing.js';
import type { CheckResult } from '../src/doctor/check-result.js';
import { checkUrlShape } from '../src/doctor/check-url-shape.js';
import { runInProcess } from './support/cli.js';

let pg: TestServer;
beforeAll(async () => {
  pg = await startTestServer();
});
afterAll(async () => {
  await pg?.close();
});

async function doctor(args: string[], secret = pg.clientSecret) {
  const res = await runInProcess(['doctor', '--json', ...args], { env: { PACKGATE_CLIENT_SECRET: secret } });
  const report = JSON.parse(res.stdout) as { ok: boolean; checks: CheckResult[] };
  const byId = (id: string) => report.checks.find((c) => c.id === id) as CheckResult;
  expect(res.stdout + res.stderr).not.toContain(secret);
  return { res, report, byId };
}
const creds = () => ['--auth-base-uri', pg.authBaseUri, '--client-id', pg.clientId];

describe('packgate doctor', () => {
  it('a correct setup passes every check (exit 0)', async () => {
    const { res, report, byId } = await doctor([
      ...creds(),
      '--account-id',
      String(pg.eid),
      '--expect-scopes',
      'data_extensions_read',
    ]);
    expect(res.code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.id)).toEqual([
      'url',
      'dns',
      'tcp',
      'credentials',
      'account',
      'scopes',
      'token-fields',
      'token-context',
    ]);
    for (const id of ['url', 'dns', 'tcp', 'credentials', 'account', 'scopes', 'token-fields'])
      expect(byId(id).status, id).toBe('pass');
    // The resource API may not exist yet: a 404 is "not available", never a failure.
    const context = byId('token-context');
    expect(['pass', 'skip']).toContain(context.status);
    if (context.status === 'pass') expect(context.detail).toContain(String(pg.eid));
    else expect(context.detail).toContain('404');
  });

  it('a wrong secret fails "client credentials" with the fix, and skips what needs a token', async () => {
    const wrong = `${pg.clientSecret.slice(0, 20)}zz`;
    const { res, byId } = await doctor(creds(), wrong);
    expect(res.code).toBe(1);
    const c = byId('credentials');
    expect(c.status).toBe('fail');
    expect(c.detail).toMatch(/^HTTP 401 invalid_client/);
    expect(c.fix).toMatch(/Check the client id and client secret/);
    expect(byId('scopes').status).toBe('skip');
  });

  it('a business unit that is not enabled fails "business unit access" with the Access tab fix', async () => {
    const bu = await pg.admin('POST', `/tenants/${pg.subdomain}/business-units`, { name: 'Not enabled' });
    const { res, byId } = await doctor([...creds(), '--account-id', String(bu.body.mid)]);
    expect(res.code).toBe(1);
    expect(byId('credentials').status).toBe('pass');
    const access = byId('account');
    expect(access.status).toBe('fail');
    expect(access.detail).toContain('unauthorized_client');
    expect(access.fix).toContain(
      `Enable the integration for business unit ${bu.body.mid} on the package's Access tab`,
    );
  });

  it('a missing scope fails "scopes" naming the scope and how to add it', async () => {
    const { res, byId } = await doctor([...creds(), '--expect-scopes', 'data_extensions_read email_send']);
    expect(res.code).toBe(1);
    expect(byId('scopes')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('missing: email_send'),
    });
    expect(byId('scopes').fix).toContain('add email_send to the integration');
  });

  it('a host that does not resolve fails DNS with the wrong-domain fix', async () => {
    const { res, byId } = await doctor([
      '--auth-base-uri',
      'https://mc-not-a-tenant.auth.packgate.invalid/',
      '--client-id',
      'x',
    ]);
    expect(res.code).toBe(1);
    expect(byId('dns').status).toBe('fail');
    expect(byId('dns').fix).toContain('tenant-specific Authentication Base URI');
    expect(byId('credentials').status).toBe('skip');
  });

  it('nothing listening fails TCP with "start the server"', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    const { res, byId } = await doctor([
      '--auth-base-uri',
      `http://127.0.0.1:${port}/x/auth/`,
      '--client-id',
      'x',
    ]);
    expect(res.code).toBe(1);
    expect(byId('tcp')).toMatchObject({ status: 'fail', fix: expect.stringContaining('packgate serve') });
  });

  it('the human report names each failure and its fix', async () => {
    const res = await runInProcess(['doctor', ...creds()], { env: { PACKGATE_CLIENT_SECRET: 'SFMC_wrong' } });
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/FAIL {2}client credentials +HTTP 401 invalid_client/);
    expect(res.stdout).toMatch(/\n {8}fix: Check the client id/);
    expect(res.stdout).toMatch(/1 check failed\.\n$/);
  });

  it('missing credentials are a usage error', async () => {
    expect((await runInProcess(['doctor', '--auth-base-uri', pg.authBaseUri])).code).toBe(2);
  });
});

describe('checkUrlShape', () => {
  const sub = 'mc563885gzs27c5t9-63k636ttgm';
  it.each([
    [`https://${sub}.auth.marketingcloudapis.com/`, 'pass', /tenant-specific/],
    [`https://${sub}.auth.marketingcloudapis.com`, 'warn', /trailing slash/],
    [`https://${sub}.auth.marketingcloudapis.com/v2/token`, 'warn', /drop "v2\/token"/],
    [`http://${sub}.auth.marketingcloudapis.com/`, 'fail', /plain http/],
    [`https://${sub}.rest.marketingcloudapis.com/`, 'fail', /REST base URI/],
    ['https://auth.marketingcloudapis.com/', 'fail', /not a tenant-specific auth host/],
    ['https://auth.exacttargetapis.com/', 'fail', /legacy endpoint/],
    ['https://user@evil.example/', 'fail', /user info/],
    ['http://127.0.0.1:8787/mcabc/auth/', 'pass', /auth base URI/],
    [`https://${sub}.auth.example.test/`, 'pass', /auth base URI/],
    ['nonsense', 'fail', /not a URL/],
  ])('%s → %s', (uri, status, detail) => {
    const { result } = checkUrlShape(uri);
    expect(result.status).toBe(status);
    expect(result.detail).toMatch(detail);
    if (status !== 'pass') expect(result.fix).toBeTruthy();
  });
});
