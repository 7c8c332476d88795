/** One window of every rate limit: fixed, aligned to the clock's minute (sfmc-auth.md §9 is per minute). */
export const WINDOW_MS = 60_000;

/** Epoch ms at which the window containing `now` began. */
export function windowStart(now: number): number {
  return now - (now % WINDOW_MS);
}

/** Whole seconds until the window containing `now` ends, at least 1 (a `Retry-After` of 0 invites a retry storm). */
export function secondsToWindowEnd(now: number): number {
  return Math.max(1, Math.ceil((windowStart(now) + WINDOW_MS - now) / 1000));
}
