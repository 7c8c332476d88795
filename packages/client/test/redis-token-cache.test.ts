import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisTokenCache, createTokenProvider, type RedisLikeClient } from '../src/index.js';
import { connectTestRedis } from './helpers/test-redis.js';

describe('Redis token cache: providers on separate connections (one process; two OS processes: redis-processes.test.ts)', () => {
  const prefix = `packgate-test:${randomUUID()}:`;
  const clients: Redis[] = [];
  let tokenRequests = 0;
  let base = '';
  /** The token endpoint holds its answer until a provider reports waiting on the lock (no sleeping). */
  let someoneWaits: () => void = () => {};
  let gate: Promise<void> = Promise.resolve();
  const holdAnswersUntilSomeoneWaits = () => {
    gate = new Promise((resolve) => {
      someoneWaits = resolve;
    });
  };
  const tokenServer = createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      tokenRequests++;
      const n = tokenRequests;
      await gate;
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          access_token: `shared-${n}`,
          token_type: 'Bearer',
          expires_in: 1079,
          scope: 'data_extensions_read',
          rest_instance_url: `${base}/rest/`,
          soap_instance_url: `${base}/soap/`,
        }),
      );
    });
  });

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) {
      const client = await connectTestRedis('the shared Redis cache tests');
      if (client === undefined) return;
      clients.push(client);
    }
    await new Promise<void>((resolve) => tokenServer.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    const [first] = clients;
    if (first !== undefined) {
      const keys = await first.keys(`${prefix}*`);
      if (keys.length > 0) await first.del(...keys);
    }
    for (const client of clients) client.disconnect();
    tokenServer.close();
  });

  const provider = (client: RedisLikeClient) =>
    createTokenProvider({
      authBaseUri: `${base}/auth/`,
      clientId: 'shared-client',
      clientSecret: 'shared-secret',
      cache: createRedisTokenCache({ client, keyPrefix: prefix }),
      lockPollMs: 10,
      // The SDK's lock polling: the other provider is now waiting for the lock holder's token.
      sleep: (ms) => {
        someoneWaits();
        return delay(ms);
      },
    });

  it('two providers on separate Redis connections, 200 concurrent callers each, make exactly one token request', async (context) => {
    if (clients.length < 2) return context.skip();
    const [a, b] = clients as [Redis, Redis];
    tokenRequests = 0;
    const pa = provider(a);
    const pb = provider(b);
    holdAnswersUntilSomeoneWaits();
    const tokens = await Promise.all([
      ...Array.from({ length: 200 }, () => pa.getToken()),
      ...Array.from({ length: 200 }, () => pb.getToken()),
    ]);
    expect(tokenRequests).toBe(1);
    expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set(['shared-1']));
    const stored = JSON.parse((await a.get(`${prefix}${pa.cacheKey}`)) ?? '{}');
    expect(stored.token.accessToken).toBe('shared-1');
    expect(stored.token.expiresAt).toBeGreaterThan(Date.now());
    expect(await a.exists(`${prefix}${pa.cacheKey}:lock`)).toBe(0);
  });

  it('a forced refresh after a 401 replaces the shared token once; others adopt it', async (context) => {
    if (clients.length < 3) return context.skip();
    const [a, b, c] = clients as [Redis, Redis, Redis];
    const pa = provider(a);
    const pb = provider(b);
    const first = await pa.getToken();
    const before = tokenRequests;
    holdAnswersUntilSomeoneWaits();
    const [x, y] = await Promise.all([
      pa.getToken({ forceRefresh: true, rejectToken: first.accessToken }),
      pb.getToken({ forceRefresh: true, rejectToken: first.accessToken }),
    ]);
    expect(tokenRequests).toBe(before + 1);
    expect(x.accessToken).toBe(y.accessToken);
    expect(x.accessToken).not.toBe(first.accessToken);
    expect((await provider(c).getToken()).accessToken).toBe(x.accessToken);
  });

  it('the lock is released only by its owner and ignores tampered entries', async (context) => {
    if (clients.length < 1) return context.skip();
    const [a] = clients as [Redis];
    const cache = createRedisTokenCache({ client: a, keyPrefix: prefix });
    const lock = await cache.acquireLock?.('k', 50_000);
    expect(lock).toBeDefined();
    expect(await cache.acquireLock?.('k', 50_000)).toBeUndefined();
    await a.set(`${prefix}k:lock`, 'someone-else', 'PX', 50_000);
    await lock?.release();
    expect(await a.get(`${prefix}k:lock`)).toBe('someone-else');
    await a.set(`${prefix}bad`, '{"token":{"accessToken":""},"obtainedAt":1}', 'PX', 50_000);
    await a.set(`${prefix}worse`, 'not json', 'PX', 50_000);
    expect(await cache.get('bad')).toBeUndefined();
    expect(await cache.get('worse')).toBeUndefined();
    expect(await cache.get('absent')).toBeUndefined();
  });
});
