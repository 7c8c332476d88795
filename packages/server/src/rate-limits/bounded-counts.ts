/** Keys one in-memory limiter tracks per window before it evicts; a few MB at most. */
export const MAX_TRACKED_KEYS = 10_000;

/**
 * Hit counts of one window in bounded memory. When a new key arrives and `maxKeys` are tracked,
 * the key with the fewest hits goes (the oldest of them on a tie), never the whole table: a
 * flood of fresh keys only evicts other fresh keys, and erasing a key counted `c` times first
 * needs every other tracked key counted `c` times too (for the login throttle: 10 000 usernames
 * × 10 failed password checks in one minute to win 10 guesses back).
 *
 * Counts stop at `maxCount` (just past the limit: beyond it the verdict cannot change), so a key
 * over its limit costs nothing more. Keys live in one insertion-ordered Set per count (O(1) LFU).
 */
export class BoundedCounts {
  readonly #maxKeys: number;
  readonly #maxCount: number;
  readonly #counts = new Map<string, number>();
  readonly #byCount = new Map<number, Set<string>>();
  /** Never above the smallest count held (raised lazily when evicting). */
  #minCountHint = 1;

  constructor(maxKeys: number, maxCount: number) {
    this.#maxKeys = Math.max(1, maxKeys);
    this.#maxCount = Math.max(1, maxCount);
  }

  get size(): number {
    return this.#counts.size;
  }

  get(key: string): number {
    return this.#counts.get(key) ?? 0;
  }

  /** Counts one hit of `key`; answers its count (at most `maxCount`). */
  increment(key: string): number {
    const count = this.#counts.get(key);
    if (count === undefined) {
      if (this.#counts.size >= this.#maxKeys) this.#evictOne();
      this.#place(key, 1);
      this.#minCountHint = 1;
      return 1;
    }
    if (count >= this.#maxCount) return count;
    this.#unplace(key, count);
    this.#place(key, count + 1);
    return count + 1;
  }

  /** Takes one hit back (a refunded attempt); a key back at 0 is forgotten. */
  decrement(key: string): void {
    const count = this.#counts.get(key);
    if (count === undefined) return;
    this.#unplace(key, count);
    if (count === 1) {
      this.#counts.delete(key);
      return;
    }
    this.#place(key, count - 1);
    this.#minCountHint = Math.min(this.#minCountHint, count - 1);
  }

  clear(): void {
    this.#counts.clear();
    this.#byCount.clear();
    this.#minCountHint = 1;
  }

  #place(key: string, count: number): void {
    this.#counts.set(key, count);
    const keys = this.#byCount.get(count);
    if (keys) keys.add(key);
    else this.#byCount.set(count, new Set([key]));
  }

  #unplace(key: string, count: number): void {
    const keys = this.#byCount.get(count);
    keys?.delete(key);
    if (keys?.size === 0) this.#byCount.delete(count);
  }

  #evictOne(): void {
    while (this.#minCountHint < this.#maxCount && !this.#byCount.has(this.#minCountHint)) {
      this.#minCountHint++;
    }
    const keys = this.#byCount.get(this.#minCountHint);
    const oldest = keys?.values().next().value;
    if (oldest === undefined) return;
    this.#unplace(oldest, this.#minCountHint);
    this.#counts.delete(oldest);
  }
}
