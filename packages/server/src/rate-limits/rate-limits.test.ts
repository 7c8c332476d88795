import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from './memory-rate-limiter.js';
import { createRateLimits, LOGIN_FAILURES_PER_USERNAME_PER_MINUTE } from './rate-limits.js';
import { RedisRateLimiter } from './redis-rate-limiter.js';

const clock = { now: () => Date.UTC(2026, 10, 25, 12, 0, 0) };
const logger = pino({ level: 'silent' });
const settings = {
  redisUrl: undefined,
  restRateLimitPerMinute: 0,
  tokenRateLimitPerMinute: 0,
  loginFailuresPerAddressPerMinute: 0,
  adminKeyFailuresPerMinute: 0,
};

describe('rate limits per setting', () => {
  it('a limit of 0 is no limiter at all (the token endpoint default); the username throttle always is', async () => {
    const limits = await createRateLimits(settings, clock, logger);
    expect(limits.token).toBeUndefined();
    expect(limits.resources).toBeUndefined();
    expect(limits.loginAddress).toBeUndefined();
    expect(limits.adminKey).toBeUndefined();
    expect(limits.loginUsername.limitPerMinute).toBe(LOGIN_FAILURES_PER_USERNAME_PER_MINUTE);
    await limits.close();
  });

  it('in memory without PACKGATE_REDIS_URL', async () => {
    const limits = await createRateLimits(
      {
        ...settings,
        restRateLimitPerMinute: 2500,
        tokenRateLimitPerMinute: 10,
        loginFailuresPerAddressPerMinute: 100,
        adminKeyFailuresPerMinute: 20,
      },
      clock,
      logger,
    );
    expect(limits.resources).toBeInstanceOf(MemoryRateLimiter);
    expect(limits.resources?.limitPerMinute).toBe(2500);
    expect(limits.token).toBeInstanceOf(MemoryRateLimiter);
    expect(limits.token?.limitPerMinute).toBe(10);
    expect(limits.loginUsername).toBeInstanceOf(MemoryRateLimiter);
    expect(limits.loginAddress?.limitPerMinute).toBe(100);
    expect(limits.adminKey?.limitPerMinute).toBe(20);
    await limits.close();
  });

  it('in Redis with PACKGATE_REDIS_URL (a limit of 0 still none)', async () => {
    const limits = await createRateLimits(
      {
        ...settings,
        redisUrl: 'redis://127.0.0.1:1',
        restRateLimitPerMinute: 5,
        adminKeyFailuresPerMinute: 3,
      },
      clock,
      logger,
    );
    expect(limits.resources).toBeInstanceOf(RedisRateLimiter);
    expect(limits.token).toBeUndefined();
    expect(limits.loginUsername).toBeInstanceOf(RedisRateLimiter);
    expect(limits.adminKey).toBeInstanceOf(RedisRateLimiter);
    expect(limits.loginAddress).toBeUndefined();
    await limits.close();
  });
});
