/** Time source, injected so expiry rules can be tested without sleeping. */
export interface Clock {
  /** Wall-clock epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
