import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { type RunningServer, startServer } from '../../src/start-server.js';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';
import { deleteRedisKeys, REDIS_URL, redisReachable, testKeyPrefix } from '../support/redis.js';

const LIMIT = 3;

/** An admin request as from `address` (app.inject sets the socket address Fastify reports as req.ip). */
async function adminCall(app: RunningServer['app'], key: string | undefined, address = '192.0.2.10') {
  const res = await app.inject({
    method: 'GET',
    url: '/admin/v1/tenants',
    remoteAddress: address,
    headers: key === undefined ? {} : { authorization: `Bearer ${key}` },
  });
  return { status: res.statusCode, headers: res.headers, body: res.json() };
}

async function bursts(s: TestServer) {
  const events = await s.admin('GET', '/audit-events?limit=500');
  return events.body.items.filter((e: { action: string }) => e.action === 'admin_key.rejected_burst');
}

describe.each(BACKENDS)('failed operator keys are limited per source address ($name)', (backend) => {
  let s: TestServer;
  let now = Date.UTC(2026, 0, 15, 12, 0, 10);
  beforeAll(async () => {
    s = await startTestServer({
      now: () => now,
      settings: { adminKeyFailuresPerMinute: String(LIMIT) },
      ...backend.serverOptions(),
    });
  });
  afterAll(async () => {
    await s?.close();
    await backend.cleanup();
  });
  const app = () => s.server.app;

  it(`after ${LIMIT} wrong keys: 429 in the admin shape with Retry-After, even for the right key, until the minute ends`, async () => {
    for (let i = 0; i < LIMIT; i++) expect((await adminCall(app(), `wrong-${i}`)).status).toBe(401);
    const refused = await adminCall(app(), 'wrong-again');
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({
      error: 'too_many_requests',
      message: 'Too many wrong operator keys from this address: try again in 50 seconds.',
    });
    expect(refused.headers['retry-after']).toBe('50');
    expect(refused.headers['cache-control']).toBe('no-store');
    // The right key is refused too: otherwise guessing would go on at full speed (see admin-auth.ts).
    const right = await adminCall(app(), s.adminKey);
    expect([right.status, right.headers['retry-after']]).toEqual([429, '50']);
    // Another address has its own budget.
    expect((await adminCall(app(), s.adminKey, '192.0.2.11')).status).toBe(200);
    now += 50_000;
    expect((await adminCall(app(), s.adminKey)).status).toBe(200);
  });

  it('the burst is audited once per window and address, with the count and the source address', async () => {
    now = Date.UTC(2026, 0, 15, 12, 5, 0);
    const address = '198.51.100.7';
    for (let i = 0; i < LIMIT + 5; i++) await adminCall(app(), `guess-${i}`, address);
    let events = (await bursts(s)).filter((e: { sourceIp: string }) => e.sourceIp === address);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: 'anonymous',
      action: 'admin_key.rejected_burst',
      target: 'admin_key',
      details: { failedAttempts: LIMIT, windowSeconds: 60 },
      sourceIp: address,
      createdAt: new Date(now).toISOString(),
    });
    now += 60_000;
    for (let i = 0; i < LIMIT + 2; i++) await adminCall(app(), `guess-${i}`, address);
    events = (await bursts(s)).filter((e: { sourceIp: string }) => e.sourceIp === address);
    expect(events).toHaveLength(2);
  });

  it('neither missing keys nor the right key spend the budget', async () => {
    now = Date.UTC(2026, 0, 15, 12, 10, 0);
    for (let i = 0; i < 10; i++) {
      expect((await adminCall(app(), undefined)).status).toBe(401);
      expect((await adminCall(app(), s.adminKey)).status).toBe(200);
    }
    for (let i = 0; i < LIMIT; i++) expect((await adminCall(app(), 'wrong')).status).toBe(401);
    expect((await adminCall(app(), 'wrong')).status).toBe(429);
  });

  it('concurrent wrong keys cannot outrun the budget: exactly the limit is compared', async () => {
    now = Date.UTC(2026, 0, 15, 12, 15, 0);
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => adminCall(app(), `burst-${i}`, '203.0.113.9')),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((c) => c === 401)).toHaveLength(LIMIT);
    expect(statuses.filter((c) => c === 429)).toHaveLength(40 - LIMIT);
  });

  it('IPv6: one /64 is one budget', async () => {
    now = Date.UTC(2026, 0, 15, 12, 20, 0);
    for (let i = 0; i < LIMIT; i++) await adminCall(app(), 'wrong', `2001:db8:7:7::${i + 1}`);
    expect((await adminCall(app(), s.adminKey, '2001:db8:7:7:ffff::1')).status).toBe(429);
    expect((await adminCall(app(), s.adminKey, '2001:db8:7:8::1')).status).toBe(200);
  });
});

describe('PACKGATE_ADMIN_KEY_FAILURES_PER_MINUTE=0 turns the limit off', () => {
  it('wrong keys stay 401 however many', async () => {
    const s = await startTestServer({ settings: { adminKeyFailuresPerMinute: '0' } });
    try {
      for (let i = 0; i < 30; i++) expect((await adminCall(s.server.app, 'wrong')).status).toBe(401);
      expect((await adminCall(s.server.app, s.adminKey)).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});

describe.runIf(redisReachable)('failed operator keys through Redis: one budget, one audit event', () => {
  const prefix = testKeyPrefix();
  const dataDir = mkdtempSync(join(tmpdir(), 'packgate-admin-redis-'));
  const servers: RunningServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
    await deleteRedisKeys(`${prefix}*`);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('two instances on one Redis share the budget and audit the burst once', async () => {
    const clock = { now: () => Date.UTC(2026, 0, 15, 13, 0, 0) };
    const config = parseConfig({
      port: '0',
      dataDir,
      logLevel: 'silent',
      redisUrl: REDIS_URL,
      adminKeyFailuresPerMinute: String(LIMIT),
    });
    for (let i = 0; i < 2; i++) {
      servers.push(await startServer(config, { demo: true, clock, rateLimitKeyPrefix: prefix }));
    }
    const [a, b] = servers as [RunningServer, RunningServer];
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 4; i++) statuses.push((await adminCall((i % 2 ? b : a).app, 'wrong')).status);
    expect(statuses).toEqual([...Array(LIMIT).fill(401), ...Array(4).fill(429)]);
    const key = a.ctx.adminKey;
    const events = await a.app.inject({
      method: 'GET',
      url: '/admin/v1/audit-events?limit=500',
      headers: { authorization: `Bearer ${key}` },
    });
    const burstEvents = events
      .json()
      .items.filter((e: { action: string }) => e.action === 'admin_key.rejected_burst');
    expect(burstEvents).toHaveLength(1);
    expect(burstEvents[0].sourceIp).toBe('192.0.2.10');
  });
});
