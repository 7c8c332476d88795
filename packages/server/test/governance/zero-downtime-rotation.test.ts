import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTokenProvider } from '../../../client/src/index.js';
import { parseConfig } from '../../src/config/config.js';
import { type RunningServer, startServer } from '../../src/start-server.js';
import { BACKENDS, POSTGRES_URL } from '../support/backends.js';
import { manualClock } from '../support/fixtures.js';

const ADMIN_KEY = 'z'.repeat(40);

/**
 * Issue 14 part 6: the SDK requests tokens without pause while a secret is staged, becomes
 * usable, and is activated (with and without grace) — on SQLite (one instance) and on two
 * PostgreSQL instances sharing a schema — and not one request fails. A revoked secret is then
 * refused on every instance within the propagation bound (change feed + revocation poll).
 */
describe.each(BACKENDS)('zero-downtime rotation through the SDK on $name', (backend) => {
  const clock = manualClock();
  const servers: RunningServer[] = [];
  const dirs: string[] = [];
  const schema = `packgate_zdt_${randomBytes(5).toString('hex')}`;

  async function instance(demo: boolean): Promise<RunningServer> {
    const dataDir = mkdtempSync(join(tmpdir(), 'packgate-zdt-'));
    dirs.push(dataDir);
    const config = parseConfig({
      port: '0',
      dataDir,
      logLevel: 'silent',
      adminKey: ADMIN_KEY,
      secretRotationIntervalSeconds: '300',
      ...(backend.name === 'postgres' ? { databaseUrl: POSTGRES_URL } : {}),
    });
    const server = await startServer(config, {
      demo,
      clock,
      ...(backend.name === 'postgres' ? { database: { postgresSchema: schema } } : {}),
    });
    servers.push(server);
    return server;
  }

  afterAll(async () => {
    for (const s of servers) await s.close();
    if (backend.name === 'postgres') {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    }
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const admin = async (s: RunningServer, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${s.url}/admin/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN_KEY}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: await res.json() };
  };

  it('stage → wait → activate, without and with grace: zero failed token requests; a revoked secret is refused everywhere', async () => {
    const first = await instance(true);
    const all = backend.name === 'postgres' ? [first, await instance(false)] : [first];
    const demo = first.report.demo;
    if (!demo) throw new Error('no demo package');
    const sub = first.report.tenant.subdomain;
    const secretsPath = `/tenants/${sub}/packages/${demo.packageId}/integration/secrets`;

    // The SDK as an integration uses it; a fresh provider per request so that every call is a
    // real token request (round-robin over the instances, like a load balancer).
    let secret = demo.clientSecret;
    let sent = 0;
    const failures: string[] = [];
    const tokenFrom = (s: RunningServer, clientSecret: string) =>
      createTokenProvider({
        authBaseUri: `${s.url}/${sub}/auth/`,
        clientId: demo.clientId,
        clientSecret,
        allowInsecureHttp: true,
      }).getToken();
    let running = true;
    const load = (async () => {
      while (running) {
        const target = all[sent % all.length] as RunningServer;
        sent++;
        await tokenFrom(target, secret).catch((err: Error) => failures.push(`${target.url}: ${err.message}`));
      }
    })();
    const atLeast = async (n: number) => {
      const goal = sent + n;
      await expect.poll(() => sent, { timeout: 20_000, interval: 5 }).toBeGreaterThanOrEqual(goal);
    };
    /** Every instance accepts `candidate`: the documented propagation bound has passed. */
    const acceptedEverywhere = async (candidate: string) => {
      for (const s of all) {
        await expect
          .poll(
            () =>
              tokenFrom(s, candidate).then(
                () => true,
                () => false,
              ),
            { timeout: 10_000, interval: 20 },
          )
          .toBe(true);
      }
    };

    try {
      await atLeast(20);
      // 1. Without grace: stage, wait the 5 minutes, switch the client, activate.
      const staged = await admin(first, 'POST', secretsPath, { description: 'rotation without grace' });
      expect(staged.status).toBe(201);
      await atLeast(20);
      clock.advanceSeconds(300);
      await acceptedEverywhere(staged.body.clientSecret);
      secret = staged.body.clientSecret;
      await atLeast(20);
      expect((await admin(first, 'POST', `${secretsPath}/${staged.body.secretId}/activate`)).status).toBe(
        200,
      );
      await atLeast(40);

      // 2. With grace: stage, wait, activate with a grace period, then switch the client.
      clock.advanceSeconds(300);
      const next = await admin(first, 'POST', secretsPath, { description: 'rotation with grace' });
      expect(next.status).toBe(201);
      clock.advanceSeconds(300);
      await acceptedEverywhere(next.body.clientSecret);
      expect(
        (await admin(first, 'POST', `${secretsPath}/${next.body.secretId}/activate`, { grace: '1h' })).status,
      ).toBe(200);
      await atLeast(40); // still on the retired secret, inside its grace
      secret = next.body.clientSecret;
      await atLeast(40);
    } finally {
      running = false;
      await load;
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(180);

    // 3. Leaked: a token issued by the secret on every instance, then revoke on the first one.
    const tokens = await Promise.all(all.map((s) => tokenFrom(s, secret)));
    const current = (await admin(first, 'GET', secretsPath)).body.items.find(
      (i: { state: string }) => i.state === 'active',
    );
    const revoked = await admin(first, 'POST', `${secretsPath}/${current.secretId}/revoke`);
    expect(revoked.status).toBe(200);
    for (const s of all) {
      await expect
        .poll(
          () =>
            tokenFrom(s, secret).then(
              () => 'accepted',
              () => 'refused',
            ),
          { timeout: 10_000, interval: 20 },
        )
        .toBe('refused');
      for (const t of tokens) {
        await expect
          .poll(
            async () =>
              (
                await fetch(`${s.url}/${sub}/rest/platform/v1/tokenContext`, {
                  headers: { authorization: `Bearer ${t.accessToken}` },
                })
              ).status,
            { timeout: 10_000, interval: 20 },
          )
          .toBe(401);
      }
    }
  }, 120_000);
});
