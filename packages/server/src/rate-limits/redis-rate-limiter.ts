import type { Clock } from '../setup/directory/clock.js';
import { secondsToWindowEnd, windowStart } from './fixed-window.js';
import type { MemoryRateLimiter } from './memory-rate-limiter.js';
import { type RateLimiter, type Reservation, UNCOUNTED } from './rate-limiter.js';
import type { RedisCounters } from './redis-counters.js';

/**
 * One budget shared by every instance: the counter key names the limit (`token`, `rest`), the
 * window and the caller, e.g. `packgate:rl:rest:1767225600000:{clientId}`. The window comes from
 * the app clock, like the in-memory limiter's.
 *
 * While Redis does not answer, requests are counted by `fallback` when there is one (the failure
 * budgets: a Redis outage must not lift the cap on password guesses, so each instance keeps its
 * own count), else by nothing (request budgets: a limiter outage must not become an API outage).
 */
export class RedisRateLimiter implements RateLimiter {
  readonly limitPerMinute: number;
  readonly #counters: RedisCounters;
  readonly #name: string;
  readonly #clock: Clock;
  readonly #fallback: MemoryRateLimiter | undefined;

  constructor(
    counters: RedisCounters,
    name: string,
    limitPerMinute: number,
    clock: Clock,
    fallback?: MemoryRateLimiter,
  ) {
    this.#counters = counters;
    this.#name = name;
    this.limitPerMinute = limitPerMinute;
    this.#clock = clock;
    this.#fallback = fallback;
  }

  async consume(key: string): Promise<number> {
    const now = this.#clock.now();
    const window = windowStart(now);
    const count = await this.#counters.increment(`${this.#name}:${window}:${key}`, window);
    if (count === undefined) return this.#fallback?.consume(key) ?? 0;
    if (count <= this.limitPerMinute) return 0;
    return secondsToWindowEnd(now);
  }

  async reserve(key: string): Promise<Reservation> {
    const now = this.#clock.now();
    const window = windowStart(now);
    const counterKey = `${this.#name}:${window}:${key}`;
    const count = await this.#counters.increment(counterKey, window);
    if (count === undefined) return this.#fallback?.reserve(key) ?? UNCOUNTED;
    let settled = count > this.limitPerMinute;
    return {
      count,
      retryAfterSeconds: settled ? secondsToWindowEnd(now) : 0,
      release: async () => {
        if (settled) return;
        settled = true;
        await this.#counters.release(counterKey, this.limitPerMinute);
      },
    };
  }
}
