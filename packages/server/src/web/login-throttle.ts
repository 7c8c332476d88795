import { secondsToWindowEnd, windowStart } from '../rate-limits/fixed-window.js';

/** Failed sign-ins per username and minute; then the form stops checking passwords for it. */
export const LOGIN_FAILURES_PER_MINUTE = 10;
/** Past this many usernames in one minute the oldest windows are dropped (memory stays bounded). */
const MAX_TRACKED_USERNAMES = 10_000;

/**
 * Slows password guessing on the login form: after `limit` failures for one username in a
 * one-minute window (app clock), every sign-in for it is refused until the window ends — even
 * with the right password, or guessing would just continue. Per process: N instances allow N
 * times the limit.
 */
export class LoginThrottle {
  readonly #failures = new Map<string, { window: number; count: number }>();
  readonly #limit: number;

  constructor(limit = LOGIN_FAILURES_PER_MINUTE) {
    this.#limit = limit;
  }

  /** Seconds until `key` may try again; 0 when it may now. */
  retryAfterSeconds(key: string, now: number): number {
    const entry = this.#failures.get(key);
    if (!entry || entry.window !== windowStart(now) || entry.count < this.#limit) return 0;
    return secondsToWindowEnd(now);
  }

  recordFailure(key: string, now: number): void {
    const window = windowStart(now);
    if (this.#failures.size >= MAX_TRACKED_USERNAMES) {
      for (const [k, e] of this.#failures) if (e.window !== window) this.#failures.delete(k);
      if (this.#failures.size >= MAX_TRACKED_USERNAMES) this.#failures.clear();
    }
    const entry = this.#failures.get(key);
    if (entry && entry.window === window) entry.count++;
    else this.#failures.set(key, { window, count: 1 });
  }
}
