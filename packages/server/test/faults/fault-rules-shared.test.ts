import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { type RunningServer, startServer } from '../../src/start-server.js';
import { BACKENDS, POSTGRES_URL } from '../support/backends.js';
import { post } from '../support/oauth-assertions.js';

const ADMIN_KEY = 'f'.repeat(40);
const dirs: string[] = [];
const servers: RunningServer[] = [];

async function instance(options: { demo: boolean; dataDir?: string; schema?: string }) {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'packgate-faults-'));
  dirs.push(dataDir);
  const config = parseConfig({
    port: '0',
    dataDir,
    logLevel: 'silent',
    adminKey: ADMIN_KEY,
    ...(options.schema ? { databaseUrl: POSTGRES_URL } : {}),
  });
  const server = await startServer(config, {
    demo: options.demo,
    ...(options.schema ? { database: { postgresSchema: options.schema } } : {}),
  });
  servers.push(server);
  return server;
}

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

afterAll(async () => {
  for (const s of servers) await s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('fault rules are stored: every restart sees them, with their counts', () => {
  it('SQLite: a rule added before a restart still fires after it, counting on', async () => {
    const first = await instance({ demo: true });
    const demo = first.report.demo;
    if (!demo) throw new Error('no demo');
    const sub = first.report.tenant.subdomain;
    const body = {
      grant_type: 'client_credentials',
      client_id: demo.clientId,
      client_secret: demo.clientSecret,
    };
    await admin(first, 'POST', `/tenants/${sub}/faults`, {
      route: 'token',
      effect: { type: 'status', status: 500 },
      trigger: { type: 'nth', n: 2 },
    });
    expect((await post(`${first.url}/${sub}/auth/v2/token`, body)).status).toBe(200);
    await first.close();
    const second = await instance({ demo: false, dataDir: first.ctx.config.dataDir });
    expect((await post(`${second.url}/${sub}/auth/v2/token`, body)).status).toBe(500);
    expect((await admin(second, 'GET', `/tenants/${sub}/faults`)).body.items).toEqual([
      expect.objectContaining({ matched: 2, fired: 1 }),
    ]);
  });
});

const postgres = BACKENDS.some((b) => b.name === 'postgres');
describe.runIf(postgres)('fault rules on several instances of one PostgreSQL', () => {
  const schema = `packgate_faults_${randomBytes(5).toString('hex')}`;
  afterAll(async () => {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  });

  it('a rule added on A fires on B; "the nth request" counts the requests of both; a clear on B stops A', async () => {
    const a = await instance({ demo: true, schema });
    const b = await instance({ demo: true, schema });
    const demo = a.report.demo;
    if (!demo) throw new Error('no demo');
    const sub = a.report.tenant.subdomain;
    const tenantId = a.report.tenant.id;
    const body = {
      grant_type: 'client_credentials',
      client_id: demo.clientId,
      client_secret: demo.clientSecret,
    };
    const tokenAt = (s: RunningServer) => post(`${s.url}/${sub}/auth/v2/token`, body).then((r) => r.status);

    await admin(a, 'POST', `/tenants/${sub}/faults`, {
      route: 'token',
      effect: { type: 'status', status: 503 },
      trigger: { type: 'nth', n: 2 },
    });
    // B hears of it through LISTEN/NOTIFY.
    await expect.poll(() => b.ctx.faults.hasRules(tenantId)).toBe(true);
    expect(await tokenAt(b)).toBe(200);
    expect(await tokenAt(a)).toBe(503);
    expect(await tokenAt(b)).toBe(200);
    expect((await admin(b, 'GET', `/tenants/${sub}/faults`)).body.items).toEqual([
      expect.objectContaining({ matched: 3, fired: 1 }),
    ]);

    await admin(b, 'POST', `/tenants/${sub}/faults`, {
      route: 'token',
      effect: { type: 'status', status: 500 },
    });
    await expect.poll(() => a.ctx.faults.hasRules(tenantId) && tokenAt(a)).toBe(500);
    expect((await admin(b, 'DELETE', `/tenants/${sub}/faults`)).body).toEqual({ removed: 2 });
    // Gone from the store: A no longer fires it even before it has reloaded.
    expect(await tokenAt(a)).toBe(200);
    await expect.poll(() => a.ctx.faults.hasRules(tenantId)).toBe(false);
  });
});
