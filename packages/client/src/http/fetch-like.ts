/**
 * The subset of the WHATWG `fetch` signature the SDK uses; pass your own (a counting or mocking
 * wrapper, undici with a proxy agent, …) wherever an option named `fetch` is accepted.
 *
 * @example
 * ```ts
 * let calls = 0;
 * const counting: FetchLike = (input, init) => { calls++; return fetch(input, init); };
 * ```
 */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * A wall clock in epoch milliseconds (default `Date.now`). Injected so expiry can be tested without sleeping.
 *
 * @example
 * ```ts
 * let now = 0; createTokenProvider({ ...options, now: () => now });
 * ```
 */
export type Clock = () => number;

/**
 * Waits for a number of milliseconds, rejecting early when the signal aborts. Injected so retry
 * backoff and lock polling can be tested without sleeping.
 *
 * @example
 * ```ts
 * const instant: Sleep = async () => {};
 * ```
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * The default {@link Sleep}: a timer that does not keep the process alive.
 *
 * @example
 * ```ts
 * await defaultSleep(100);
 * ```
 */
export const defaultSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    timer.unref?.();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
