import { randomUUID } from 'node:crypto';
import { type CachedToken, parseCachedToken, type TokenCache, type TokenCacheLock } from './token-cache.js';

/**
 * The minimal Redis client the adapter needs; an `ioredis` instance fits as is. For `node-redis` v4+
 * wrap it: `set: (k, v, _px, ms, nx) => client.set(k, v, nx ? { PX: ms, NX: true } : { PX: ms })`,
 * `eval: (s, n, ...a) => client.eval(s, { keys: a.slice(0, n), arguments: a.slice(n).map(String) })`.
 */
export interface RedisLikeClient {
  /** `GET key` */
  get(key: string): Promise<string | null>;
  /** `SET key value PX ms` */
  set(key: string, value: string, mode: 'PX', ttlMs: number): Promise<unknown>;
  /** `SET key value PX ms NX` → `'OK'` when set, `null` when the key exists */
  set(key: string, value: string, mode: 'PX', ttlMs: number, condition: 'NX'): Promise<unknown>;
  /** `DEL key` */
  del(key: string): Promise<unknown>;
  /** `EVAL script numkeys key… arg…` (optional; used for a safe lock release). */
  eval?(script: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
}

/** Options of {@link createRedisTokenCache}. */
export interface RedisTokenCacheOptions {
  /** A connected client you own (the adapter never closes it). */
  client: RedisLikeClient;
  /** Key prefix (default `packgate:token:`). */
  keyPrefix?: string;
}

/** Deletes the lock only if it still holds our owner id (no release of someone else's lock). */
const RELEASE_SCRIPT =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * A {@link TokenCache} on Redis so many processes share one token. Locks use `SET key owner PX ttl NX`
 * and are released with a compare-and-delete script (or GET + DEL when the client has no `eval`),
 * so an expired lock taken over by another process is never deleted by the former holder.
 *
 * @example
 * ```ts
 * import Redis from 'ioredis';
 * const cache = createRedisTokenCache({ client: new Redis('redis://127.0.0.1:6379') });
 * const provider = createTokenProvider({ authBaseUri, clientId, clientSecret, cache });
 * ```
 */
export function createRedisTokenCache(options: RedisTokenCacheOptions): TokenCache {
  const { client } = options;
  const prefix = options.keyPrefix ?? 'packgate:token:';
  return {
    async get(key) {
      const text = await client.get(prefix + key);
      if (text === null) return undefined;
      try {
        return parseCachedToken(JSON.parse(text));
      } catch {
        return undefined;
      }
    },
    async set(key, entry: CachedToken, ttlMs) {
      if (ttlMs <= 0) return;
      await client.set(prefix + key, JSON.stringify(entry), 'PX', Math.ceil(ttlMs));
    },
    async delete(key) {
      await client.del(prefix + key);
    },
    async acquireLock(key, ttlMs): Promise<TokenCacheLock | undefined> {
      const lockKey = `${prefix}${key}:lock`;
      const owner = randomUUID();
      const result = await client.set(lockKey, owner, 'PX', Math.ceil(ttlMs), 'NX');
      if (result !== 'OK') return undefined;
      return {
        async release() {
          if (client.eval !== undefined) {
            await client.eval(RELEASE_SCRIPT, 1, lockKey, owner);
          } else if ((await client.get(lockKey)) === owner) {
            await client.del(lockKey);
          }
        },
      };
    },
  };
}
