import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/src/testing.js';
import { type CliResult, runInProcess } from './support/cli.js';

let pg: TestServer;
beforeAll(async () => {
  pg = await startTestServer();
});
afterAll(async () => {
  await pg?.close();
});

const token = (args: string[], env: Record<string, string> = {}) =>
  runInProcess(['token', ...args], { env: { PACKGATE_CLIENT_SECRET: pg.clientSecret, ...env } });
const base = () => ['--auth-base-uri', pg.authBaseUri, '--client-id', pg.clientId];

function expectFailure(res: CliResult, code: number, message: RegExp, hint: RegExp) {
  expect(res.code).toBe(code);
  const [line, hintLine, ...rest] = res.stderr.trimEnd().split('\n');
  expect(line).toMatch(/^packgate: /);
  expect(line).toMatch(message);
  expect(hintLine).toMatch(/^ {2}hint: /);
  expect(hintLine).toMatch(hint);
  expect(rest).toEqual([]);
  expect(res.stdout + res.stderr).not.toContain(pg.clientSecret);
}

describe('packgate token: success', () => {
  it('prints only the access token on stdout by default', async () => {
    const res = await token(base());
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(res.stderr).toContain('expires in 1079 s');
  });

  it('--json prints the whole response, which parses', async () => {
    const res = await token([...base(), '--json', '--scope', 'data_extensions_read']);
    expect(res.code).toBe(0);
    const body = JSON.parse(res.stdout);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 1079, scope: 'data_extensions_read' });
    expect(body.rest_instance_url).toBe(pg.restBaseUri);
  });

  it('--form, a pasted …/v2/token URL, a missing slash and credentials from the environment all work', async () => {
    for (const uri of [`${pg.authBaseUri}v2/token`, pg.authBaseUri.replace(/\/$/, '')]) {
      const res = await runInProcess(['token', '--form', '--account-id', String(pg.eid)], {
        env: {
          PACKGATE_AUTH_BASE_URI: uri,
          PACKGATE_CLIENT_ID: pg.clientId,
          PACKGATE_CLIENT_SECRET: pg.clientSecret,
        },
      });
      expect(res.code, res.stderr).toBe(0);
    }
  });
});

describe('packgate token: every error has its hint', () => {
  it('wrong secret → invalid_client: check client id/secret and that the package is installed', async () => {
    const other = `${pg.clientSecret.slice(0, 10)}x`;
    const res = await token(base(), { PACKGATE_CLIENT_SECRET: other });
    expectFailure(
      res,
      1,
      /401 invalid_client/,
      /Check the client id and client secret.*package is installed/,
    );
  });

  it('unknown client id → invalid_client', async () => {
    const res = await token(['--auth-base-uri', pg.authBaseUri, '--client-id', 'x'.repeat(24)]);
    expectFailure(res, 1, /HTTP 401 invalid_client: Invalid client ID/, /Check the client id/);
  });

  it('a mangled secret (checksum mismatch) → copy it again', async () => {
    const last = pg.clientSecret.at(-1) === '0' ? '1' : '0';
    const res = await token(base(), { PACKGATE_CLIENT_SECRET: pg.clientSecret.slice(0, -1) + last });
    expectFailure(res, 1, /invalid_client/, /checksum/);
  });

  it('a business unit the integration is not enabled for → unauthorized_client: enable it on the Access tab', async () => {
    const bu = await pg.admin('POST', `/tenants/${pg.subdomain}/business-units`, { name: 'Disabled BU' });
    const res = await token([...base(), '--account-id', String(bu.body.mid)]);
    expectFailure(
      res,
      1,
      /401 unauthorized_client/,
      new RegExp(`business unit ${bu.body.mid} on the package's Access tab`),
    );
  });

  it('a scope the integration lacks → invalid_scope: add the scope to the integration', async () => {
    const res = await token([...base(), '--scope', 'email_send']);
    expectFailure(res, 1, /400 invalid_scope/, /Add the scope to the API Integration/);
  });

  it('client credentials on a Web App integration → invalid_grant: the grant type does not match', async () => {
    const pkg = await pg.admin('POST', `/tenants/${pg.subdomain}/packages`, { name: 'Web' });
    const web = await pg.admin('POST', `/tenants/${pg.subdomain}/packages/${pkg.body.id}/integration`, {
      integrationType: 'web-app',
      scopes: ['email_read'],
      redirectUris: ['https://app.example.test/callback'],
    });
    const res = await runInProcess(
      ['token', '--auth-base-uri', pg.authBaseUri, '--client-id', web.body.clientId],
      {
        env: { PACKGATE_CLIENT_SECRET: web.body.clientSecret },
      },
    );
    expectFailure(
      res,
      1,
      /400 invalid_grant: This is a Web App integration/,
      /grant type does not match the integration type/,
    );
    expect(res.stderr).not.toContain(web.body.clientSecret);
  });

  it('an expired secret → rotate it', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const short = await startTestServer({ now: () => now, settings: { secretTtlSeconds: '3600' } });
    try {
      const env = { PACKGATE_CLIENT_SECRET: short.clientSecret };
      const args = ['token', '--auth-base-uri', short.authBaseUri, '--client-id', short.clientId];
      expect((await runInProcess(args, { env })).code).toBe(0);
      now += 3601_000; // the injected clock: past the 1-hour secret lifetime
      const res = await runInProcess(args, { env });
      expectFailure(res, 1, /invalid_client: The client secret expired/, /rotate it/);
      expect(res.stderr).not.toContain(short.clientSecret);
    } finally {
      await short.close();
    }
  });

  it('--json on failure prints the error and the server response as parseable JSON', async () => {
    const res = await token([...base(), '--json', '--scope', 'email_send']);
    expect(res.code).toBe(1);
    const body = JSON.parse(res.stdout);
    expect(body.error.code).toBe('ERR_INVALID_SCOPE'); // the SDK's stable code
    expect(body.oauthError).toBe('invalid_scope');
    expect(body.error.hint).toMatch(/Add the scope/);
    expect(body.status).toBe(400);
  });

  it('a host that does not resolve → wrong auth domain, use the tenant-specific Authentication Base URI', async () => {
    const res = await token([
      '--auth-base-uri',
      'https://mc-no-such-tenant.auth.packgate.invalid/',
      '--client-id',
      'x',
    ]);
    expectFailure(
      res,
      1,
      /cannot resolve mc-no-such-tenant\.auth\.packgate\.invalid/,
      /tenant-specific Authentication Base URI/,
    );
  });

  describe('a server that never answers', () => {
    let silent: Server;
    let port = 0;
    const sockets = new Set<Socket>();
    beforeAll(async () => {
      silent = createServer((socket) => void sockets.add(socket)); // accepts, never responds
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      port = (silent.address() as { port: number }).port;
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });

    it('times out on a host that is not tenant-shaped → wrong auth domain hint', async () => {
      const res = await token([
        '--auth-base-uri',
        `http://127.0.0.1:${port}/`,
        '--client-id',
        'x',
        '--timeout-ms',
        '100',
      ]);
      expectFailure(
        res,
        1,
        /token endpoint at 127\.0\.0\.1:\d+: no answer within 100 ms/,
        /tenant-specific Authentication Base URI/,
      );
    });
  });

  it('connection refused → is the server running', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    const res = await token(['--auth-base-uri', `http://127.0.0.1:${port}/x/auth/`, '--client-id', 'x']);
    expectFailure(res, 1, /connection refused by 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/, /is the server running/);
  });

  it('a URL that is not an auth base URI → copy the Authentication Base URI', async () => {
    const res = await token(['--auth-base-uri', `${pg.baseUrl}/nothing/here/`, '--client-id', pg.clientId]);
    expectFailure(
      res,
      1,
      /HTTP 404 (not_found )?at http:\/\/.*\/v2\/token/,
      /not an Authentication Base URI/,
    );
  });
});

describe('packgate token: usage errors (exit 2)', () => {
  it.each([
    [['--auth-base-uri', 'http://example.com/', '--client-id', 'x'], /plain http/],
    [['--auth-base-uri', 'https://user@evil.example/', '--client-id', 'x'], /user credentials/],
    [['--auth-base-uri', 'not a url', '--client-id', 'x'], /not a URL/],
    [['--client-id', 'x'], /no auth base URI/],
    [['--auth-base-uri', 'https://a.example/'], /no client id/],
    [['--auth-base-uri', 'https://a.example/', '--client-id', 'x', '--account-id', 'abc'], /--account-id/],
    [['--auth-base-uri', 'https://a.example/', '--client-id', 'x', '--timeout-ms', '0'], /--timeout-ms/],
  ])('%j', async (args, message) => {
    const res = await token(args);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
  });

  it('no secret anywhere → exit 2 pointing at PACKGATE_CLIENT_SECRET', async () => {
    const res = await runInProcess(['token', '--auth-base-uri', pg.authBaseUri, '--client-id', pg.clientId]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('PACKGATE_CLIENT_SECRET');
  });
});
