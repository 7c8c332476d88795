import type { Clock } from '../setup/directory/clock.js';
import { secondsToWindowEnd, windowStart } from './fixed-window.js';
import type { RateLimiter } from './rate-limiter.js';

/**
 * Counters of the current window in one Map: a lookup and an increment per request. When the
 * window changes the Map is emptied, so memory holds only the keys seen this minute.
 */
export class MemoryRateLimiter implements RateLimiter {
  readonly limitPerMinute: number;
  readonly #clock: Clock;
  readonly #counts = new Map<string, number>();
  #window = Number.NaN;

  constructor(limitPerMinute: number, clock: Clock) {
    this.limitPerMinute = limitPerMinute;
    this.#clock = clock;
  }

  consume(key: string): number {
    const now = this.#clock.now();
    const window = windowStart(now);
    if (window !== this.#window) {
      this.#counts.clear();
      this.#window = window;
    }
    const count = (this.#counts.get(key) ?? 0) + 1;
    this.#counts.set(key, count);
    return count <= this.limitPerMinute ? 0 : secondsToWindowEnd(now);
  }
}
