import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/store.js';
import { BACKENDS, POSTGRES_URL } from '../support/backends.js';
import { KeepAliveClient, type Sent } from './keep-alive-client.js';

const MAIN = new URL('../../dist/main.js', import.meta.url).pathname;

/** Starts packages/server/dist/main.js and waits for its banner; resolves with the URL it listens on. */
function startMain(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; exit: Promise<number | null> }> {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    void exit.then((code) => reject(new Error(`server exited early (${code}): ${out}`)));
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      out += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve({ child, url, exit });
    });
  });
}

/** Runs one statement on the test PostgreSQL's maintenance connection. */
async function postgresAdmin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

describe.each(BACKENDS)('a real SIGTERM to packages/server main.js ($name)', (backend) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'packgate-sigterm-'));
  // main.js works in the database's default schema: a database of its own, as in durability.test.ts.
  const databaseName = `packgate_sigterm_${randomBytes(6).toString('hex')}`;
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    if (backend.name === 'postgres')
      await postgresAdmin(`drop database if exists ${databaseName} with (force)`);
  });

  it('100 requests in flight (50 admin creates) are all answered, the process exits 0, every 201 is stored', async () => {
    expect(existsSync(MAIN), 'packages/server/dist is missing: run `npm run build` first').toBe(true);
    const adminKey = randomBytes(32).toString('base64url');
    let database = '';
    if (backend.name === 'postgres') {
      await postgresAdmin(`create database ${databaseName}`);
      const databaseUrl = new URL(POSTGRES_URL);
      databaseUrl.pathname = `/${databaseName}`;
      database = databaseUrl.toString();
    }
    const { child, url, exit } = await startMain({
      PACKGATE_PORT: '0',
      PACKGATE_DATA_DIR: dataDir,
      PACKGATE_ADMIN_KEY: adminKey,
      PACKGATE_LOG_LEVEL: 'silent',
      ...(database ? { PACKGATE_DATABASE_URL: database } : {}),
    });
    children.push(child);
    const client = new KeepAliveClient(url, 100);
    try {
      const admin = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
      const tenants = await fetch(`${url}/admin/v1/tenants`, { headers: admin });
      const subdomain = ((await tenants.json()) as { items: { subdomain: string }[] }).items[0]?.subdomain;
      await client.open(100);

      const writes: Sent[] = Array.from({ length: 50 }, (_, i) =>
        client.send('POST', `/admin/v1/tenants/${subdomain}/business-units`, {
          headers: admin,
          body: JSON.stringify({ name: `Unit ${i}` }),
          holdAfterBytes: 5,
        }),
      );
      const reads: Sent[] = Array.from({ length: 50 }, (_, i) =>
        i % 2 === 0
          ? client.send('GET', '/healthz')
          : client.send('GET', `/admin/v1/tenants/${subdomain}/business-units`, { headers: admin }),
      );
      child.kill('SIGTERM');
      for (const w of writes) w.finish();

      const written = await Promise.all(writes.map((w) => w.answer));
      const read = await Promise.all(reads.map((r) => r.answer));
      for (const a of [...written, ...read]) expect(a.status, a.text).toBeLessThan(300);
      expect(await exit).toBe(0);

      const mids = written.map((a) => (JSON.parse(a.text) as { mid: number }).mid);
      const store = await openStore(database ? { databaseUrl: database } : { dataDir });
      try {
        const tenant = await store.tenants.findTenantBySubdomain(subdomain ?? '');
        const stored = (await store.tenants.listBusinessUnits(tenant?.id ?? '')).map((bu) => bu.mid);
        for (const mid of mids) expect(stored).toContain(mid);
      } finally {
        await store.close();
      }
    } finally {
      client.close();
    }
  });
});
