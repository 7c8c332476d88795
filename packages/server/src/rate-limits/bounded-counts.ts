/** Keys one in-memory limiter tracks per window before it evicts; a few MB at most. */
export const MAX_TRACKED_KEYS = 10_000;

/**
 * Hit counts of one window in bounded memory. When a new key arrives and `maxKeys` are tracked,
 * a key with the fewest hits goes — the one placed at that count last — never the whole table: a
 * flood of fresh keys only churns other fresh keys (mostly its own previous one), and erasing a key
 * counted `c` times first needs every other tracked key counted `c` times too (for the login
 * throttle: 10 000 usernames × 10 failed password checks in one minute to win 10 guesses back).
 *
 * Counts stop at `maxCount` (just past the limit: beyond it the verdict cannot change), so a key
 * over its limit costs nothing more. The eviction index — one array of keys per count, removal by
 * swapping with the last — is built only once the table is full: until then a hit is one Map
 * lookup and one write, as the request limiters of the token endpoint and the resource API need.
 * (Not Sets in insertion order: deleting from their front leaves holes that the next lookup of the
 * oldest entry walks, microseconds per hit under a flood.)
 */
export class BoundedCounts {
  readonly #maxKeys: number;
  readonly #maxCount: number;
  readonly #counts = new Map<string, number>();
  /** Eviction index, kept from the first time the table filled up until the window is cleared. */
  #indexed = false;
  readonly #byCount = new Map<number, string[]>();
  /** Where each key sits in its count's array. */
  readonly #slots = new Map<string, number>();
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
      if (this.#counts.size >= this.#maxKeys) {
        if (!this.#indexed) this.#buildIndex();
        this.#evictOne();
      }
      this.#place(key, 1);
      this.#minCountHint = 1;
      return 1;
    }
    if (count >= this.#maxCount) return count;
    this.#unindex(key, count);
    this.#place(key, count + 1);
    return count + 1;
  }

  /** Takes one hit back (a refunded attempt); a key back at 0 is forgotten. */
  decrement(key: string): void {
    const count = this.#counts.get(key);
    if (count === undefined) return;
    this.#unindex(key, count);
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
    this.#slots.clear();
    this.#indexed = false;
    this.#minCountHint = 1;
  }

  #buildIndex(): void {
    this.#indexed = true;
    this.#minCountHint = this.#maxCount;
    for (const [key, count] of this.#counts) {
      this.#index(key, count);
      this.#minCountHint = Math.min(this.#minCountHint, count);
    }
  }

  #place(key: string, count: number): void {
    this.#counts.set(key, count);
    if (this.#indexed) this.#index(key, count);
  }

  #index(key: string, count: number): void {
    let keys = this.#byCount.get(count);
    if (!keys) {
      keys = [];
      this.#byCount.set(count, keys);
    }
    this.#slots.set(key, keys.length);
    keys.push(key);
  }

  #unindex(key: string, count: number): void {
    if (!this.#indexed) return;
    const keys = this.#byCount.get(count);
    const slot = this.#slots.get(key);
    if (!keys || slot === undefined) return;
    const last = keys.pop() as string;
    if (last !== key) {
      keys[slot] = last;
      this.#slots.set(last, slot);
    }
    this.#slots.delete(key);
    if (keys.length === 0) this.#byCount.delete(count);
  }

  #evictOne(): void {
    while (this.#minCountHint < this.#maxCount && !this.#byCount.has(this.#minCountHint)) {
      this.#minCountHint++;
    }
    const keys = this.#byCount.get(this.#minCountHint);
    const victim = keys?.[keys.length - 1];
    if (victim === undefined) return;
    this.#unindex(victim, this.#minCountHint);
    this.#counts.delete(victim);
  }
}
