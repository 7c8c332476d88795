import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { type RunningServer, startServer } from '../../src/start-server.js';
import { BACKENDS, POSTGRES_URL } from '../support/backends.js';
import { manualClock } from '../support/fixtures.js';
import { post } from '../support/oauth-assertions.js';

const postgres = BACKENDS.some((b) => b.name === 'postgres');

describe.runIf(postgres)(
  'several instances on one PostgreSQL (change feed, PACKGATE_PROPAGATION_SECONDS)',
  () => {
    const schema = `packgate_scale_${randomBytes(5).toString('hex')}`;
    const dirs: string[] = [];
    const servers: RunningServer[] = [];
    const clock = manualClock();

    async function instance(demo: boolean) {
      const dataDir = mkdtempSync(join(tmpdir(), 'packgate-scale-'));
      dirs.push(dataDir);
      const config = parseConfig({
        port: '0',
        dataDir,
        logLevel: 'silent',
        databaseUrl: POSTGRES_URL,
        propagationSeconds: '300',
        adminKey: 'a'.repeat(40),
      });
      const server = await startServer(config, { demo, clock, database: { postgresSchema: schema } });
      servers.push(server);
      return server;
    }

    afterAll(async () => {
      for (const s of servers) await s.close();
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });

    it('share one tenant and keys; a change on A reaches B within the propagation delay', async () => {
      const a = await instance(true);
      const b = await instance(true);
      expect(b.report.tenant.subdomain).toBe(a.report.tenant.subdomain);
      expect(b.report.demo).toBeUndefined(); // created once, by the first instance
      const demo = a.report.demo;
      if (!demo) throw new Error('no demo');
      const sub = a.report.tenant.subdomain;
      const body = {
        grant_type: 'client_credentials',
        client_id: demo.clientId,
        client_secret: demo.clientSecret,
      };
      const tokenAt = (s: RunningServer) => `${s.url}/${sub}/auth/v2/token`;

      const fromB = await post(tokenAt(b), body);
      expect(fromB.status).toBe(200);
      expect(fromB.body.scope).toBe('data_extensions_read data_extensions_write');
      // The same key signs on both instances: A's JWKS verifies B's token.
      const jwksA = await (await fetch(`${a.url}/${sub}/auth/.well-known/jwks.json`)).json();
      expect(jwksA.keys.map((k: { kid: string }) => k.kid)).toContain(
        JSON.parse(Buffer.from(fromB.body.access_token.split('.')[0], 'base64url').toString()).kid,
      );

      const patch = await fetch(`${a.url}/admin/v1/tenants/${sub}/packages/${demo.packageId}/integration`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${'a'.repeat(40)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ scopes: ['data_extensions_read'] }),
      });
      expect(patch.status).toBe(200);
      expect((await post(tokenAt(a), body)).body.scope).toBe('data_extensions_read'); // at once on A
      // B hears about it through LISTEN/NOTIFY, without waiting for the propagation delay.
      expect(
        await eventually(async () => (await post(tokenAt(b), body)).body.scope, 'data_extensions_read'),
      ).toBe('data_extensions_read');
    });

    it('without the change feed, an instance still converges within PACKGATE_PROPAGATION_SECONDS', async () => {
      const [a, b] = servers as [RunningServer, RunningServer];
      const demo = a.report.demo;
      if (!demo) throw new Error('no demo');
      const sub = a.report.tenant.subdomain;
      const body = {
        grant_type: 'client_credentials',
        client_id: demo.clientId,
        client_secret: demo.clientSecret,
      };
      await b.ctx.changeFeed.close(); // as if B's listening connection were down
      expect(b.ctx.changeFeed.isLive()).toBe(false);
      await fetch(`${a.url}/admin/v1/tenants/${sub}/packages/${demo.packageId}/integration`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${'a'.repeat(40)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ scopes: ['data_extensions_write'] }),
      });
      const tokenAtB = `${b.url}/${sub}/auth/v2/token`;
      expect((await post(tokenAtB, body)).body.scope).toBe('data_extensions_read'); // B: still cached
      clock.advanceSeconds(301);
      expect((await post(tokenAtB, body)).body.scope).toBe('data_extensions_write'); // B: within the bound
    });
  },
);

/** Polls an async observation until it equals `expected` or ~3 s pass (notification delivery). */
async function eventually<T>(observe: () => Promise<T>, expected: T): Promise<T> {
  let value = await observe();
  for (let i = 0; i < 60 && value !== expected; i++) {
    await new Promise((r) => setTimeout(r, 50));
    value = await observe();
  }
  return value;
}
