import type { Redis, Result } from 'ioredis';
import type { Logger } from 'pino';
import { redactUrl } from '../config/redact-url.js';
import type { Clock } from '../setup/directory/clock.js';
import { WINDOW_MS } from './fixed-window.js';

export const RATE_LIMIT_KEY_PREFIX = 'packgate:rl:';

/** INCR and, on the window's first hit, PEXPIRE: atomic and one round trip. */
const COUNT_HIT = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

/** DECR, but only while the count is within the limit (ARGV[1]): a spent window stays spent. */
const RELEASE_HIT = `local n = tonumber(redis.call('GET', KEYS[1]))
if n and n > 0 and n <= tonumber(ARGV[1]) then return redis.call('DECR', KEYS[1]) end
return n or 0`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    packgateCountHit(key: string, ttlMs: number): Result<number, Context>;
    packgateReleaseHit(key: string, limit: number): Result<number, Context>;
  }
}

/** Statuses in which ioredis already knows the server is gone: answer at once instead of queueing. */
const DOWN = new Set(['reconnecting', 'close', 'end']);

/**
 * Window counters in Redis, shared by every instance. Fails open: when Redis cannot answer, the
 * request is counted nowhere and served (a limiter must never turn a Redis outage into an API
 * outage), with one warning a minute at most.
 */
export class RedisCounters {
  readonly #redis: Redis;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #url: string;
  readonly #keyPrefix: string;
  #lastWarningAt = Number.NEGATIVE_INFINITY;
  /** The code of the latest connection error (`ECONNREFUSED`), to say why Redis is not ready. */
  #lastErrorCode: string | undefined;

  /** Loads ioredis only when Redis is configured: a server without it never pays for the module. */
  static async open(url: string, clock: Clock, logger: Logger, keyPrefix = RATE_LIMIT_KEY_PREFIX) {
    const { Redis } = await import('ioredis');
    return new RedisCounters(Redis, url, clock, logger, keyPrefix);
  }

  private constructor(
    RedisClient: typeof Redis,
    url: string,
    clock: Clock,
    logger: Logger,
    keyPrefix: string,
  ) {
    this.#clock = clock;
    this.#logger = logger;
    this.#url = redactUrl(url);
    this.#keyPrefix = keyPrefix;
    this.#redis = new RedisClient(url, {
      // Connects on the first counted request, so a server without traffic never needs Redis.
      lazyConnect: true,
      // Requests made while connecting wait for the connection; once a connection attempt has
      // failed they are answered (failing open) instead of waiting for the next attempt.
      maxRetriesPerRequest: 0,
      // Bounds what a request can lose to a Redis that accepts connections but does not answer.
      commandTimeout: 500,
      connectTimeout: 1000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
    });
    this.#redis.defineCommand('packgateCountHit', { numberOfKeys: 1, lua: COUNT_HIT });
    this.#redis.defineCommand('packgateReleaseHit', { numberOfKeys: 1, lua: RELEASE_HIT });
    // Without a listener ioredis prints every connection error to the console.
    this.#redis.on('error', (err: Error) => {
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'string') this.#lastErrorCode = code;
      this.#warn(err);
    });
  }

  /** Counts one hit of `key` in the window starting at `windowStartMs`; undefined when Redis is out. */
  async increment(key: string, windowStartMs: number): Promise<number | undefined> {
    if (DOWN.has(this.#redis.status)) {
      this.#warn(new Error(`Redis connection is ${this.#redis.status}`));
      return undefined;
    }
    // Kept a little past the window's end so instances whose clocks differ slightly still agree.
    const ttlMs = windowStartMs + WINDOW_MS - this.#clock.now() + 5000;
    try {
      return await this.#redis.packgateCountHit(`${this.#keyPrefix}${key}`, ttlMs);
    } catch (err) {
      this.#warn(err);
      return undefined;
    }
  }

  /** Takes back one hit of `key` while its count is at most `limit`; a Redis outage loses it. */
  async release(key: string, limit: number): Promise<void> {
    if (DOWN.has(this.#redis.status)) return;
    try {
      await this.#redis.packgateReleaseHit(`${this.#keyPrefix}${key}`, limit);
    } catch (err) {
      this.#warn(err);
    }
  }

  /**
   * Resolves when Redis answers a PING (opening the lazy connection if need be); rejects with a
   * reason without any credential when it does not (`/readyz`).
   */
  async ping(): Promise<void> {
    const unreachable = () => new Error(`unreachable (${this.#lastErrorCode ?? 'no answer'})`);
    if (DOWN.has(this.#redis.status)) throw unreachable();
    try {
      await this.#redis.ping();
    } catch {
      throw unreachable();
    }
  }

  async close(): Promise<void> {
    if (this.#redis.status === 'ready') {
      try {
        await this.#redis.quit();
        return;
      } catch {
        // Fall through: a connection that cannot quit cleanly is simply dropped.
      }
    }
    this.#redis.disconnect();
  }

  #warn(err: unknown): void {
    const now = this.#clock.now();
    if (now - this.#lastWarningAt < WINDOW_MS) return;
    this.#lastWarningAt = now;
    this.#logger.warn(
      { err, redisUrl: this.#url },
      'Redis unreachable: rate limits are not enforced until it answers again (failing open; failed sign-ins and operator keys are counted per instance meanwhile)',
    );
  }
}
