import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from './memory-rate-limiter.js';
import { createRateLimits } from './rate-limits.js';
import { RedisRateLimiter } from './redis-rate-limiter.js';

const clock = { now: () => Date.UTC(2026, 10, 25, 12, 0, 0) };
const logger = pino({ level: 'silent' });

describe('rate limits per setting', () => {
  it('a limit of 0 is no limiter at all (the token endpoint default)', async () => {
    const limits = createRateLimits(
      { redisUrl: undefined, restRateLimitPerMinute: 0, tokenRateLimitPerMinute: 0 },
      clock,
      logger,
    );
    expect(limits.token).toBeUndefined();
    expect(limits.resources).toBeUndefined();
    await limits.close();
  });

  it('in memory without PACKGATE_REDIS_URL', async () => {
    const limits = createRateLimits(
      { redisUrl: undefined, restRateLimitPerMinute: 2500, tokenRateLimitPerMinute: 10 },
      clock,
      logger,
    );
    expect(limits.resources).toBeInstanceOf(MemoryRateLimiter);
    expect(limits.resources?.limitPerMinute).toBe(2500);
    expect(limits.token).toBeInstanceOf(MemoryRateLimiter);
    expect(limits.token?.limitPerMinute).toBe(10);
    await limits.close();
  });

  it('in Redis with PACKGATE_REDIS_URL (a limit of 0 still none)', async () => {
    const limits = createRateLimits(
      { redisUrl: 'redis://127.0.0.1:1', restRateLimitPerMinute: 5, tokenRateLimitPerMinute: 0 },
      clock,
      logger,
    );
    expect(limits.resources).toBeInstanceOf(RedisRateLimiter);
    expect(limits.token).toBeUndefined();
    await limits.close();
  });
});
