import { Redis } from 'ioredis';

export const REDIS_URL = process.env.PACKGATE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A connection to the test Redis, or undefined (with a loud notice) when it is unreachable —
 * except under CI, where Redis is required and its absence fails the run.
 */
export async function connectTestRedis(skipping: string): Promise<Redis | undefined> {
  const client = new Redis(REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 1000,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    return client;
  } catch (error) {
    client.disconnect();
    if (process.env.CI) throw new Error(`Redis at ${REDIS_URL} is required in CI: ${String(error)}`);
    console.warn(`\n!!! [packgate-client] Redis at ${REDIS_URL} unreachable: SKIPPING ${skipping} !!!\n`);
    return undefined;
  }
}
