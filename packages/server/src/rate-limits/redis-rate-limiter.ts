import type { Clock } from '../setup/directory/clock.js';
import { secondsToWindowEnd, windowStart } from './fixed-window.js';
import type { RateLimiter } from './rate-limiter.js';
import type { RedisCounters } from './redis-counters.js';

/**
 * One budget shared by every instance: the counter key names the limit (`token`, `rest`), the
 * window and the caller, e.g. `packgate:rl:rest:1767225600000:{clientId}`. The window comes from
 * the app clock, like the in-memory limiter's.
 */
export class RedisRateLimiter implements RateLimiter {
  readonly limitPerMinute: number;
  readonly #counters: RedisCounters;
  readonly #name: string;
  readonly #clock: Clock;

  constructor(counters: RedisCounters, name: string, limitPerMinute: number, clock: Clock) {
    this.#counters = counters;
    this.#name = name;
    this.limitPerMinute = limitPerMinute;
    this.#clock = clock;
  }

  async consume(key: string): Promise<number> {
    const now = this.#clock.now();
    const window = windowStart(now);
    const count = await this.#counters.increment(`${this.#name}:${window}:${key}`, window);
    // undefined: Redis did not answer, and an outage of the limiter must not become one of the API.
    if (count === undefined || count <= this.limitPerMinute) return 0;
    return secondsToWindowEnd(now);
  }
}
