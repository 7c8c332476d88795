// One OS process of the "two processes share the Redis token cache" test. Started by
// test/redis-processes.test.ts with a JSON argument; prints "ready", waits for a line on stdin (so
// that both processes start together), then runs `callers` concurrent getToken() calls and prints
// one JSON line with what it saw.
import { once } from 'node:events';
import { Redis } from 'ioredis';

const options = JSON.parse(process.argv[2] ?? '{}');
const sdk = await import(options.sdkUrl);
const client = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 });
const redisCache = sdk.createRedisTokenCache({ client, keyPrefix: options.keyPrefix });
// The control run drops acquireLock to show what the lock is for.
const cache = options.lock
  ? redisCache
  : { get: redisCache.get, set: redisCache.set, delete: redisCache.delete };

let tokenRequests = 0;
/** Counts this process's token requests and holds each answer back, so the other process's callers
 *  certainly arrive while the request is in flight. */
const slowTokenFetch = async (input, init) => {
  const response = await fetch(input, init);
  if (String(input).endsWith('/v2/token')) {
    tokenRequests++;
    await new Promise((resolve) => setTimeout(resolve, options.tokenDelayMs));
  }
  return response;
};
const provider = sdk.createTokenProvider({
  authBaseUri: options.authBaseUri,
  clientId: options.clientId,
  clientSecret: options.clientSecret,
  cache,
  fetch: slowTokenFetch,
  lockPollMs: 10,
  onBackgroundError: (error) => process.stderr.write(`background error: ${error}\n`),
});

await client.ping();
process.stdout.write('ready\n');
await once(process.stdin, 'data');
const tokens = await Promise.all(Array.from({ length: options.callers }, () => provider.getToken()));
process.stdout.write(
  `${JSON.stringify({
    pid: process.pid,
    tokenRequests,
    accessTokens: [...new Set(tokens.map((token) => token.accessToken))],
  })}\n`,
);
client.disconnect();
