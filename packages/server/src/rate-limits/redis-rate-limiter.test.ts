import type { Logger } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import {
  deleteRedisKeys,
  REDIS_URL,
  redisReachable,
  testKeyPrefix,
  UNREACHABLE_REDIS_URL,
} from '../../test/support/redis.js';
import { MemoryRateLimiter } from './memory-rate-limiter.js';
import { RedisCounters } from './redis-counters.js';
import { RedisRateLimiter } from './redis-rate-limiter.js';

const MINUTE = Date.UTC(2026, 10, 25, 12, 0, 0);

function clockAt(start: number) {
  let now = start;
  return { now: () => now, set: (ms: number) => (now = ms) };
}

function captureWarnings() {
  const warnings: string[] = [];
  const logger = { warn: (_obj: unknown, msg: string) => warnings.push(msg) } as unknown as Logger;
  return { warnings, logger };
}

describe.runIf(redisReachable)('Redis rate limiter (one budget for every instance)', () => {
  const prefix = testKeyPrefix();
  const opened: RedisCounters[] = [];
  const counters = async (clock: { now(): number }) => {
    const c = await RedisCounters.open(REDIS_URL, clock, captureWarnings().logger, prefix);
    opened.push(c);
    return c;
  };

  afterAll(async () => {
    for (const c of opened) await c.close();
    await deleteRedisKeys(`${prefix}*`);
  });

  it('two instances spend one budget, and both see the window end', async () => {
    const clock = clockAt(MINUTE + 15_000);
    const a = new RedisRateLimiter(await counters(clock), 'rest', 3, clock);
    const b = new RedisRateLimiter(await counters(clock), 'rest', 3, clock);
    expect([await a.consume('client'), await b.consume('client'), await a.consume('client')]).toEqual([
      0, 0, 0,
    ]);
    expect(await b.consume('client')).toBe(45);
    expect(await a.consume('client')).toBe(45);
    expect(await b.consume('other-client')).toBe(0);
  });

  it('keys carry the limit name: the token budget is not the REST one', async () => {
    const clock = clockAt(MINUTE + 120_000);
    const shared = await counters(clock);
    const rest = new RedisRateLimiter(shared, 'rest', 1, clock);
    const token = new RedisRateLimiter(shared, 'token', 1, clock);
    expect(await rest.consume('c')).toBe(0);
    expect(await token.consume('c')).toBe(0);
    expect(await rest.consume('c')).toBe(60);
  });

  it('the next window of the app clock has a fresh budget, and counters expire', async () => {
    const clock = clockAt(MINUTE + 240_000 + 59_000);
    const c = await counters(clock);
    const limiter = new RedisRateLimiter(c, 'rest', 1, clock);
    expect(await limiter.consume('c')).toBe(0);
    expect(await limiter.consume('c')).toBe(1);
    clock.set(MINUTE + 300_000);
    expect(await limiter.consume('c')).toBe(0);
    const { Redis } = await import('ioredis');
    const probe = new Redis(REDIS_URL);
    try {
      const ttl = await probe.pttl(`${prefix}rest:${MINUTE + 300_000}:c`);
      expect(ttl).toBeGreaterThan(60_000);
      expect(ttl).toBeLessThanOrEqual(65_000);
    } finally {
      probe.disconnect();
    }
  });

  it('failure budgets: reserved on one instance, refused on the other; a release gives back while unspent', async () => {
    const clock = clockAt(MINUTE + 360_000 + 20_000);
    const a = new RedisRateLimiter(await counters(clock), 'login-addr', 2, clock);
    const b = new RedisRateLimiter(await counters(clock), 'login-addr', 2, clock);
    const success = await a.reserve('ip');
    expect([success.count, success.retryAfterSeconds]).toEqual([1, 0]);
    await success.release();
    expect((await b.reserve('ip')).count).toBe(1);
    const inFlight = await a.reserve('ip');
    expect(inFlight.count).toBe(2);
    const refused = await b.reserve('ip');
    expect([refused.count, refused.retryAfterSeconds]).toEqual([3, 40]);
    // Spent: the in-flight success no longer gives budget back, so the count passes limit + 1 once.
    await inFlight.release();
    expect((await a.reserve('ip')).count).toBe(4);
  });
});

describe('Redis rate limiter when Redis is unreachable', () => {
  it('fails open: every request is allowed, with one warning a minute at most', async () => {
    const clock = clockAt(MINUTE);
    const { warnings, logger } = captureWarnings();
    const c = await RedisCounters.open(UNREACHABLE_REDIS_URL, clock, logger);
    const limiter = new RedisRateLimiter(c, 'rest', 1, clock);
    try {
      for (let i = 0; i < 4; i++) expect(await limiter.consume('c')).toBe(0);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/failing open/);
      clock.set(MINUTE + 60_000);
      expect(await limiter.consume('c')).toBe(0);
      expect(warnings).toHaveLength(2);
    } finally {
      await c.close();
    }
  });
});

describe('Redis failure budget when Redis is unreachable', () => {
  it('counts per instance in memory meanwhile (a Redis outage does not lift the cap on guesses)', async () => {
    const clock = clockAt(MINUTE);
    const c = await RedisCounters.open(UNREACHABLE_REDIS_URL, clock, captureWarnings().logger);
    const limiter = new RedisRateLimiter(c, 'login-user', 2, clock, new MemoryRateLimiter(2, clock));
    try {
      expect((await limiter.reserve('u')).retryAfterSeconds).toBe(0);
      expect((await limiter.reserve('u')).retryAfterSeconds).toBe(0);
      expect((await limiter.reserve('u')).retryAfterSeconds).toBe(60);
    } finally {
      await c.close();
    }
  });
});
