/**
 * A per-key request budget. `consume` counts one request and answers 0 when it is within the
 * limit, else the seconds until the window ends (the `Retry-After`). A number, not an object: the
 * token endpoint calls it on every request. In memory it answers synchronously; only the Redis
 * limiter returns a promise.
 */
export interface RateLimiter {
  readonly limitPerMinute: number;
  consume(key: string): number | Promise<number>;
}
