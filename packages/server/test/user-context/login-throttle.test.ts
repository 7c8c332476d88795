import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { type RunningServer, startServer } from '../../src/start-server.js';
import { BACKENDS } from '../support/backends.js';
import { deleteRedisKeys, REDIS_URL, redisReachable, testKeyPrefix } from '../support/redis.js';
import { Browser, parseForm } from './support/browser.js';
import {
  authorizeUrl,
  type Fixture,
  PASSWORD,
  signIn,
  startFixture,
  WEB_REDIRECT,
  webAuthorizeParams,
} from './support/fixture.js';

const ADDRESS_LIMIT = 3;

/** The throttle keeps no state in the store: one backend is enough. */
const SQLITE = BACKENDS.filter((b) => b.name === 'sqlite');

describe.each(SQLITE)('login throttle over HTTP ($name)', (backend) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture(backend, {
      settings: { loginFailuresPerAddressPerMinute: String(ADDRESS_LIMIT) },
    });
  });
  afterAll(async () => {
    await f.server.close();
    await backend.cleanup();
  });
  const url = () => authorizeUrl(f, webAuthorizeParams(f));
  const atMinute = (minute: number, second = 0) => {
    f.clock.now = Date.UTC(2026, 0, 15, 13, minute, second);
  };

  it(`an address with ${ADDRESS_LIMIT} failed sign-ins (any usernames) is refused until the minute ends, even with the right password`, async () => {
    atMinute(0, 20);
    for (let i = 0; i < ADDRESS_LIMIT; i++) {
      expect((await signIn(new Browser(), url(), `sprayed-${i}`, 'Winter2026!')).status).toBe(401);
    }
    const refused = await signIn(new Browser(), url(), 'ada');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('40');
    expect(refused.html).toMatch(/Too many failed sign-ins from your network: try again in 40 seconds/);
    expect(refused.location).toBeUndefined();
    atMinute(1);
    expect((await signIn(new Browser(), url(), 'ada')).status).toBe(303);
  });

  it('successful sign-ins spend no budget', async () => {
    atMinute(2);
    for (let i = 0; i < ADDRESS_LIMIT + 3; i++) {
      expect((await signIn(new Browser(), url(), 'ada')).status).toBe(303);
    }
    for (let i = 0; i < ADDRESS_LIMIT; i++) {
      expect((await signIn(new Browser(), url(), 'ada', 'wrong')).status).toBe(401);
    }
    expect((await signIn(new Browser(), url(), 'ada')).status).toBe(429);
  });

  it('concurrent guesses are counted before their password check: no more pass than the budget', async () => {
    atMinute(3);
    const browser = new Browser();
    const form = parseForm((await browser.get(url())).html);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        browser.post(form.action, { ...form.fields, username: 'ada', password: `guess ${i}` }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(ADDRESS_LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(12 - ADDRESS_LIMIT);
  });
});

describe.runIf(redisReachable)('login throttle shared through Redis (PACKGATE_REDIS_URL)', () => {
  const prefix = testKeyPrefix();
  const dataDir = mkdtempSync(join(tmpdir(), 'packgate-login-redis-'));
  const clock = { now: Date.UTC(2026, 0, 15, 14, 0, 5) };
  const servers: RunningServer[] = [];
  let a: RunningServer;
  let b: RunningServer;
  let clientId = '';

  async function admin(method: 'GET' | 'POST' | 'PUT', path: string, payload?: object) {
    const res = await a.app.inject({
      method,
      url: `/admin/v1${path}`,
      headers: { authorization: `Bearer ${a.ctx.adminKey}` },
      ...(payload ? { payload } : {}),
    });
    return res.json();
  }

  beforeAll(async () => {
    const config = parseConfig({
      port: '0',
      dataDir,
      logLevel: 'silent',
      redisUrl: REDIS_URL,
      loginFailuresPerAddressPerMinute: '14',
    });
    for (let i = 0; i < 2; i++) {
      servers.push(
        await startServer(config, {
          demo: true,
          clock: { now: () => clock.now },
          rateLimitKeyPrefix: prefix,
        }),
      );
    }
    [a, b] = servers as [RunningServer, RunningServer];
    const sub = a.report.tenant.subdomain;
    const pkg = await admin('POST', `/tenants/${sub}/packages`, { name: 'Web app' });
    const integration = await admin('POST', `/tenants/${sub}/packages/${pkg.id}/integration`, {
      integrationType: 'web-app',
      scopes: ['email_read'],
      redirectUris: [WEB_REDIRECT],
    });
    clientId = integration.clientId;
    const user = await admin('POST', `/tenants/${sub}/users`, {
      username: 'ada',
      password: PASSWORD,
      businessUnits: [{ mid: a.report.tenant.eid, permissions: ['email_read'] }],
    });
    await admin('PUT', `/tenants/${sub}/packages/${pkg.id}/integration/licenses`, { userIds: [user.id] });
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await deleteRedisKeys(`${prefix}*`);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const urlOn = (s: RunningServer) =>
    `${s.url}/${s.report.tenant.subdomain}/auth/v2/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: WEB_REDIRECT,
    })}`;

  it('two instances count one budget per username: 5 failures on each lock it on both', async () => {
    for (let i = 0; i < 10; i++) {
      expect((await signIn(new Browser(), urlOn(i % 2 ? b : a), 'ada', `guess ${i}`)).status).toBe(401);
    }
    for (const s of [a, b]) {
      const locked = await signIn(new Browser(), urlOn(s), 'ada');
      expect(locked.status).toBe(429);
      expect(locked.headers.get('retry-after')).toBe('55');
      expect(locked.html).toMatch(/for this username/);
    }
  });

  it('and one budget per address, over every username', async () => {
    clock.now += 60_000;
    for (let i = 0; i < 14; i++) {
      expect((await signIn(new Browser(), urlOn(i % 2 ? b : a), `user-${i}`, 'x')).status).toBe(401);
    }
    for (const s of [a, b]) {
      const refused = await signIn(new Browser(), urlOn(s), 'ada');
      expect(refused.status).toBe(429);
      expect(refused.html).toMatch(/from your network/);
    }
    clock.now += 60_000;
    expect((await signIn(new Browser(), urlOn(b), 'ada')).status).toBe(303);
  });
});
