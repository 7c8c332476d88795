import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** Redis used by the rate-limit suites; PACKGATE_TEST_REDIS_URL overrides. */
export const REDIS_URL = process.env.PACKGATE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A port nothing listens on: Redis "unreachable" without waiting for a timeout. */
export const UNREACHABLE_REDIS_URL = 'redis://127.0.0.1:1';

async function isRedisReachable(): Promise<boolean> {
  const redis = new Redis(REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

export const redisReachable = await isRedisReachable();
if (!redisReachable) {
  if (process.env.CI) throw new Error(`Redis is required in CI but unreachable at ${REDIS_URL}`);
  console.warn(
    `\n!!! Redis unreachable at ${REDIS_URL}: Redis rate-limit tests are SKIPPED (CI fails here) !!!\n`,
  );
}

/** A key prefix of this run's own, under the production one, so cleanup touches nothing else. */
export function testKeyPrefix(): string {
  return `packgate:rl:test-${randomBytes(6).toString('hex')}:`;
}

/** Deletes every key matching `pattern` (only this run's keys: callers pass their own prefix or client id). */
export async function deleteRedisKeys(pattern: string): Promise<number> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 0 });
  try {
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length > 0) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}
