import type { Clock } from '../setup/directory/clock.js';
import { BoundedCounts, MAX_TRACKED_KEYS } from './bounded-counts.js';
import { secondsToWindowEnd, windowStart } from './fixed-window.js';
import type { RateLimiter, Reservation } from './rate-limiter.js';

/** In memory a release is synchronous, like everything else here. */
export interface MemoryReservation extends Reservation {
  release(): void;
}

/**
 * Counters of the current window in bounded memory ({@link BoundedCounts}): a lookup and an
 * increment per request. When the window changes they are emptied, so memory holds only keys seen
 * this minute — and never more than `maxKeys` of them, without a reset an attacker could trigger.
 */
export class MemoryRateLimiter implements RateLimiter {
  readonly limitPerMinute: number;
  readonly #clock: Clock;
  readonly #counts: BoundedCounts;
  #window = Number.NaN;

  constructor(limitPerMinute: number, clock: Clock, maxKeys = MAX_TRACKED_KEYS) {
    this.limitPerMinute = limitPerMinute;
    this.#clock = clock;
    // limit + 2: past it no verdict changes, and `count === limit + 1` stays the one first refusal.
    this.#counts = new BoundedCounts(maxKeys, limitPerMinute + 2);
  }

  consume(key: string): number {
    const now = this.#clock.now();
    this.#enterWindow(now);
    return this.#counts.increment(key) <= this.limitPerMinute ? 0 : secondsToWindowEnd(now);
  }

  reserve(key: string): MemoryReservation {
    const now = this.#clock.now();
    const window = this.#enterWindow(now);
    const count = this.#counts.increment(key);
    let settled = count > this.limitPerMinute;
    return {
      count,
      retryAfterSeconds: settled ? secondsToWindowEnd(now) : 0,
      release: () => {
        if (settled || this.#window !== window) return;
        settled = true;
        if (this.#counts.get(key) <= this.limitPerMinute) this.#counts.decrement(key);
      },
    };
  }

  #enterWindow(now: number): number {
    const window = windowStart(now);
    if (window !== this.#window) {
      this.#counts.clear();
      this.#window = window;
    }
    return window;
  }
}
