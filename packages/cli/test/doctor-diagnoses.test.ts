import dns from 'node:dns';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/src/testing.js';
import { checkDns, checkTcp } from '../src/doctor/check-reachability.js';
import type { CheckResult } from '../src/doctor/check-result.js';
import { checkUrlShape } from '../src/doctor/check-url-shape.js';
import { DEFAULT_TIMEOUT_MS, parseTimeoutMs } from '../src/tokens/timeout-option.js';
import { runInProcess } from './support/cli.js';

/** Issue 12 part 5: each diagnosis doctor used to get wrong, with the cause it now names. */
let pg: TestServer;
let silent: Server;
let silentPort: number;
const sockets = new Set<Socket>();
beforeAll(async () => {
  pg = await startTestServer();
  // Accepts connections and never answers: a hung server, or something that is not one.
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as { port: number }).port;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => silent.close(resolve));
  await pg?.close();
});

async function doctor(args: string[], secret = pg.clientSecret) {
  const res = await runInProcess(['doctor', '--json', ...args], { env: { PACKGATE_CLIENT_SECRET: secret } });
  const report = JSON.parse(res.stdout) as { ok: boolean; checks: CheckResult[] };
  const byId = (id: string) => report.checks.find((c) => c.id === id) as CheckResult;
  expect(res.stdout + res.stderr).not.toContain(secret);
  return { res, report, byId };
}

describe('doctor names the cause', () => {
  it('the REST or SOAP base URI given as the auth one → "use the Authentication Base URI, …/auth/"', async () => {
    const rest = pg.authBaseUri.replace(/\/auth\/$/, '/rest/');
    const { res, byId } = await doctor(['--auth-base-uri', rest, '--client-id', pg.clientId]);
    expect(res.code).toBe(1);
    expect(byId('url')).toMatchObject({
      status: 'fail',
      detail: 'this is the REST base URI',
      fix: `use the Authentication Base URI, ${pg.authBaseUri}`,
    });
    expect(checkUrlShape(pg.authBaseUri.replace(/\/auth\/$/, '/soap/')).result.fix).toBe(
      `use the Authentication Base URI, ${pg.authBaseUri}`,
    );
    const hostMode = checkUrlShape(`https://${'a'.repeat(28)}.rest.marketingcloudapis.com/`).result;
    expect(hostMode.fix).toBe(
      `use the Authentication Base URI, https://${'a'.repeat(28)}.auth.marketingcloudapis.com/`,
    );
    expect(checkUrlShape('https://mcabc.soap.packgate.test:8443/').result.fix).toBe(
      'use the Authentication Base URI, https://mcabc.auth.packgate.test:8443/',
    );
  });

  it('a host that accepts the connection and never answers: said so, and not blamed on the domain', async () => {
    const tenantShaped = `http://127.0.0.1:${silentPort}/${pg.subdomain}/auth/`;
    const { res, byId } = await doctor([
      '--auth-base-uri',
      tenantShaped,
      '--client-id',
      pg.clientId,
      '--timeout-ms',
      '300',
    ]);
    expect(res.code).toBe(1);
    expect(byId('tcp').status).toBe('pass');
    const credentials = byId('credentials');
    expect(credentials.detail).toBe(
      `127.0.0.1:${silentPort} accepted the connection but did not answer within 300 ms`,
    );
    expect(credentials.fix).toMatch(/stuck or overloaded/);
    expect(credentials.fix).not.toMatch(/domain/);
    expect(byId('account').status).toBe('skip');

    const other = await doctor([
      '--auth-base-uri',
      `http://127.0.0.1:${silentPort}/`,
      '--client-id',
      pg.clientId,
      '--timeout-ms',
      '300',
    ]);
    expect(other.byId('credentials').fix).toMatch(/not an authorization server/);
  });

  it('packgate token on a silent tenant-shaped host: a timeout, without the wrong-domain hint', async () => {
    const res = await runInProcess(
      [
        'token',
        '--json',
        '--auth-base-uri',
        `http://127.0.0.1:${silentPort}/${pg.subdomain}/auth/`,
        '--client-id',
        pg.clientId,
        '--timeout-ms',
        '300',
      ],
      { env: { PACKGATE_CLIENT_SECRET: pg.clientSecret } },
    );
    expect(res.code).toBe(1);
    const body = JSON.parse(res.stdout || res.stderr);
    expect(JSON.stringify(body)).toContain('ERR_TIMEOUT');
    expect(JSON.stringify(body)).not.toContain('wrong auth domain');
  });

  it('the default timeout is 5 s', () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(5000);
    expect(parseTimeoutMs(undefined)).toBe(5000);
  });

  it('a MID that does not exist is not reported as "not enabled"', async () => {
    const { res, byId } = await doctor([
      '--auth-base-uri',
      pg.authBaseUri,
      '--client-id',
      pg.clientId,
      '--account-id',
      '99999999',
    ]);
    expect(res.code).toBe(1);
    const account = byId('account');
    expect(account.detail).toMatch(/no business unit 99999999 in this account/);
    expect(account.fix).toMatch(/is not a business unit of this account/);
    expect(account.fix).not.toMatch(/Access tab/);
  });
  it('a rotated-out (retired) secret gets its own cause, as the server says', async () => {
    const base = `/tenants/${pg.subdomain}/packages/${pg.packageId}/integration/secrets`;
    const staged = await pg.admin('POST', base, {});
    expect(staged.status).toBe(201);
    expect((await pg.admin('POST', `${base}/${staged.body.secretId}/activate`, {})).status).toBe(200);
    const { res, byId } = await doctor(['--auth-base-uri', pg.authBaseUri, '--client-id', pg.clientId]);
    expect(res.code).toBe(1);
    expect(byId('credentials').detail).toMatch(/retired/);
    expect(byId('credentials').fix).toMatch(/rotated out \(retired\)/);
    const current = await doctor(
      ['--auth-base-uri', pg.authBaseUri, '--client-id', pg.clientId],
      staged.body.clientSecret,
    );
    expect(current.byId('credentials').status).toBe('pass');
  });

  it('under a DNS override (a dns.lookup preload), doctor resolves names as fetch does', async () => {
    const name = 'mc-override.packgate.invalid';
    const original = dns.lookup;
    // What a preload such as packgate/dropin does: answer for one name, defer to the real lookup otherwise.
    const override = ((hostname: string, options: unknown, callback?: unknown) => {
      const cb = (typeof options === 'function' ? options : callback) as (...a: unknown[]) => void;
      const opts = (typeof options === 'object' && options !== null ? options : {}) as { all?: boolean };
      if (hostname !== name) return (original as (...a: unknown[]) => void)(hostname, options, callback);
      if (opts.all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
      else cb(null, '127.0.0.1', 4);
    }) as typeof dns.lookup;
    const port = Number(new URL(pg.baseUrl).port);
    dns.lookup = override;
    try {
      // fetch (what the SDK sends with) reaches the server under that name …
      expect((await fetch(`http://${name}:${port}/readyz`)).status).toBe(200);
      // … and doctor's DNS and TCP steps agree (dns/promises would not have seen the override)
      expect(await checkDns(name)).toMatchObject({ status: 'pass', detail: `${name} → 127.0.0.1` });
      expect(await checkTcp(name, port, 2000)).toMatchObject({ status: 'pass' });
      // the name is not loopback to the secret's rules: no client secret goes to it over plain http
      const { res, byId } = await doctor([
        '--auth-base-uri',
        `http://${name}:${port}/x/auth/`,
        '--client-id',
        'x',
      ]);
      expect(res.code).toBe(1);
      expect(byId('url')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/plain http/) });
    } finally {
      dns.lookup = original;
    }
    expect(await checkDns(name)).toMatchObject({ status: 'fail' });
  });
});
