/**
 * A per-key request budget. `consume` counts one request and answers 0 when it is within the
 * limit, else the seconds until the window ends (the `Retry-After`). A number, not an object: the
 * token endpoint calls it on every request. In memory it answers synchronously; only the Redis
 * limiter returns a promise.
 */
export interface RateLimiter {
  readonly limitPerMinute: number;
  consume(key: string): number | Promise<number>;
  /**
   * Counts one attempt before its outcome is known, for budgets of *failures* (sign-ins, operator
   * keys): counting first is what stops N concurrent guesses from all passing a check made before
   * any of them failed. A success gives its attempt back with {@link Reservation.release}.
   */
  reserve(key: string): Reservation | Promise<Reservation>;
}

export interface Reservation {
  /**
   * This attempt's place in its window (1 = the first; in memory it stops at limit + 2); 0 when
   * nothing could count it (fail open). `limit + 1` is the window's first refusal, once.
   */
  readonly count: number;
  /** 0 within the limit, else seconds to the window's end. */
  readonly retryAfterSeconds: number;
  /**
   * Gives the attempt back (it succeeded). Only while the budget is not spent: once a window has
   * refused an attempt it stays refused, so "the limit was first exceeded" happens once a window.
   */
  release(): void | Promise<void>;
}

/** A reservation that counts nothing and refuses nothing: no limit configured, or counters out. */
export const UNCOUNTED: Reservation = Object.freeze({ count: 0, retryAfterSeconds: 0, release: () => {} });
