// One OS process of the "two processes share the Redis token cache" test (test/redis-processes.test.ts).
// Line protocol, no sleeping: prints {"event":"ready"}; on "go" starts `callers` concurrent getToken()
// calls and prints its first event — {"event":"requesting"} when it sends a token request (held back
// until "release"), or {"event":"waiting"} when it polls the lock another process holds; on "release"
// lets the held request through and prints {"event":"done",…} with what it saw.
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { Redis } from 'ioredis';

const options = JSON.parse(process.argv[2] ?? '{}');
const sdk = await import(options.sdkUrl);
const client = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 });
const redisCache = sdk.createRedisTokenCache({ client, keyPrefix: options.keyPrefix });
// The control run drops acquireLock to show what the lock is for.
const cache = options.lock
  ? redisCache
  : { get: redisCache.get, set: redisCache.set, delete: redisCache.delete };

const say = (event, extra = {}) => process.stdout.write(`${JSON.stringify({ event, ...extra })}\n`);
let firstEvent;
const first = (event) => {
  if (firstEvent !== undefined) return;
  firstEvent = event;
  say(event);
};
let release;
const released = new Promise((resolve) => {
  release = resolve;
});

let tokenRequests = 0;
const heldTokenFetch = async (input, init) => {
  if (String(input).endsWith('/v2/token')) {
    tokenRequests++;
    first('requesting');
    await released;
  }
  return fetch(input, init);
};
const provider = sdk.createTokenProvider({
  authBaseUri: options.authBaseUri,
  clientId: options.clientId,
  clientSecret: options.clientSecret,
  cache,
  fetch: heldTokenFetch,
  lockPollMs: 10,
  // The SDK's lock polling: reported once, so the parent knows this process is waiting on the other.
  sleep: (ms) => {
    first('waiting');
    return delay(ms);
  },
  onBackgroundError: (error) => process.stderr.write(`background error: ${error}\n`),
});

await client.ping();
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
say('ready');
if ((await lines.next()).value !== 'go') process.exit(2);
const calls = Promise.all(Array.from({ length: options.callers }, () => provider.getToken()));
if ((await lines.next()).value !== 'release') process.exit(2);
release();
const tokens = await calls;
say('done', {
  pid: process.pid,
  firstEvent,
  tokenRequests,
  accessTokens: [...new Set(tokens.map((token) => token.accessToken))],
});
client.disconnect();
process.stdin.destroy();
