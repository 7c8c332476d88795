import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig, type RawSettings } from '../../src/config/config.js';
import { type RunningServer, startServer } from '../../src/start-server.js';
import { startTestServer } from '../../src/testing.js';
import { call, expectResourceError } from '../resources/resource-helpers.js';
import { manualClock } from '../support/fixtures.js';
import { post } from '../support/oauth-assertions.js';
import { deleteRedisKeys, REDIS_URL, redisReachable, UNREACHABLE_REDIS_URL } from '../support/redis.js';

describe.runIf(redisReachable)('rate limits shared through Redis (PACKGATE_REDIS_URL)', () => {
  const clock = manualClock();
  const dataDir = mkdtempSync(join(tmpdir(), 'packgate-redis-'));
  const servers: RunningServer[] = [];
  let clientId = '';

  // Two instances on one SQLite file and one Redis behind one public URL: a token from either
  // works on both.
  async function instance(settings: RawSettings) {
    const config = parseConfig({
      port: '0',
      dataDir,
      logLevel: 'silent',
      publicUrl: 'http://packgate.test',
      redisUrl: REDIS_URL,
      ...settings,
    });
    const server = await startServer(config, { demo: true, clock });
    servers.push(server);
    return server;
  }

  afterAll(async () => {
    for (const s of servers) await s.close();
    // Only this run's counters: their keys end with its (random) client id.
    if (clientId) await deleteRedisKeys(`packgate:rl:*:${clientId}`);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('two instances enforce one budget for the token endpoint and the resource API', async () => {
    const settings = { tokenRateLimitPerMinute: '3', restRateLimitPerMinute: '4' };
    const a = await instance(settings);
    const b = await instance(settings);
    const demo = a.report.demo;
    if (!demo) throw new Error('no demo package');
    clientId = demo.clientId;
    const sub = a.report.tenant.subdomain;
    const body = {
      grant_type: 'client_credentials',
      client_id: demo.clientId,
      client_secret: demo.clientSecret,
    };
    const token = (s: RunningServer) => post(`${s.url}/${sub}/auth/v2/token`, body);

    const first = await token(a);
    expect(first.status).toBe(200);
    expect((await token(b)).status).toBe(200);
    expect((await token(a)).status).toBe(200);
    const blocked = await token(b);
    expect(blocked.status).toBe(429);
    expect(blocked.body.errorcode).toBe(50200);
    expect(blocked.headers.get('retry-after')).toBe('60');

    const accessToken = first.body.access_token as string;
    const endpoints = (s: RunningServer) =>
      call('GET', `${s.url}/${sub}/rest/platform/v1/endpoints`, { token: accessToken });
    for (const s of [a, b, a, b]) expect((await endpoints(s)).status).toBe(200);
    clock.advanceSeconds(30);
    const limited = await endpoints(a);
    expectResourceError(limited, 429, 50100);
    expect(limited.body.retryAfter).toBe(30);
    expectResourceError(await endpoints(b), 429, 50100);

    // The window comes from the app clock: the next minute is a fresh budget on both instances.
    clock.advanceSeconds(30);
    expect((await endpoints(b)).status).toBe(200);
    expect((await token(a)).status).toBe(200);
  });
});

describe('Redis unreachable: rate limits fail open (a limiter outage is not an API outage)', () => {
  it('token and resource requests beyond the limit are still served', async () => {
    const server = await startTestServer({
      now: manualClock().now,
      settings: {
        redisUrl: UNREACHABLE_REDIS_URL,
        tokenRateLimitPerMinute: '1',
        restRateLimitPerMinute: '1',
      },
    });
    try {
      const body = {
        grant_type: 'client_credentials',
        client_id: server.clientId,
        client_secret: server.clientSecret,
      };
      const tokens = [];
      for (let i = 0; i < 3; i++) tokens.push(await post(`${server.authBaseUri}v2/token`, body));
      expect(tokens.map((t) => t.status)).toEqual([200, 200, 200]);
      const token = tokens[0]?.body.access_token as string;
      for (let i = 0; i < 3; i++) {
        expect((await call('GET', `${server.restBaseUri}platform/v1/endpoints`, { token })).status).toBe(200);
      }
    } finally {
      await server.close();
    }
  });
});
