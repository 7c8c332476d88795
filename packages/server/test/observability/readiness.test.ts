import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';
import { REDIS_URL, redisReachable, UNREACHABLE_REDIS_URL } from '../support/redis.js';

async function readyz(s: TestServer) {
  const res = await fetch(`${s.baseUrl}/readyz`);
  return { status: res.status, body: await res.json(), cacheControl: res.headers.get('cache-control') };
}

describe.each(BACKENDS)('/readyz on $name', (backend) => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
    await backend.cleanup();
  });
  const start = async (settings = {}) => {
    const s = await startTestServer({ ...backend.serverOptions(), settings });
    servers.push(s);
    return s;
  };

  it('reports each dependency as ok and answers 200; /healthz stays trivial', async () => {
    const s = await start();
    const res = await readyz(s);
    expect(res.status).toBe(200);
    expect(res.cacheControl).toBe('no-store');
    expect(res.body).toEqual({
      status: 'ready',
      notReady: [],
      checks: { store: { status: 'ok' }, migrations: { status: 'ok' }, keys: { status: 'ok' } },
    });
    const health = await fetch(`${s.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  it('names a migration the database has not recorded, with 503', async () => {
    const s = await start();
    // As if this instance ran newer code than the one that migrated the database.
    await sql`delete from kysely_migration where name = '006-data-extension-row-terms'`.execute(
      s.server.ctx.store.db,
    );
    const res = await readyz(s);
    expect(res.status).toBe(503);
    expect(res.body.status).toBe('unavailable');
    expect(res.body.notReady).toEqual(['migrations']);
    expect(res.body.checks.migrations).toEqual({
      status: 'failed',
      reason: 'not applied: 006-data-extension-row-terms',
    });
    expect(res.body.checks.store).toEqual({ status: 'ok' });
  });

  it('names the store when it cannot be reached, with 503', async () => {
    const s = await start();
    const store = s.server.ctx.store;
    // The store's connection gone (a closed pool / database handle) while the server still listens.
    await store.close();
    const res = await readyz(s);
    expect(res.status).toBe(503);
    expect(res.body.notReady).toEqual(expect.arrayContaining(['store', 'migrations']));
    expect(res.body.checks.store.status).toBe('failed');
    expect(res.body.checks.store.reason).toEqual(expect.any(String));
    expect(res.body.checks.keys).toEqual({ status: 'ok' });
  });
});

describe('/readyz with PACKGATE_REDIS_URL', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  it('names Redis when nothing answers at its address, with 503; the API still serves', async () => {
    const s = await startTestServer({ settings: { redisUrl: UNREACHABLE_REDIS_URL } });
    servers.push(s);
    for (const attempt of [1, 2]) {
      const res = await readyz(s);
      expect(res.status, `attempt ${attempt}`).toBe(503);
      expect(res.body.notReady).toEqual(['redis']);
      expect(res.body.checks.redis).toEqual({ status: 'failed', reason: 'unreachable (ECONNREFUSED)' });
      expect(res.body.checks.store).toEqual({ status: 'ok' });
    }
    // Rate limits fail open: the token endpoint keeps answering.
    const token = await fetch(`${s.authBaseUri}v2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: s.clientId,
        client_secret: s.clientSecret,
      }),
    });
    expect(token.status).toBe(200);
  });

  it.runIf(redisReachable)('reports Redis ok when it answers', async () => {
    const s = await startTestServer({ settings: { redisUrl: REDIS_URL } });
    servers.push(s);
    const res = await readyz(s);
    expect(res.status).toBe(200);
    expect(res.body.checks.redis).toEqual({ status: 'ok' });
  });
});
