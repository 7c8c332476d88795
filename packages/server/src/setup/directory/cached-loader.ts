/**
 * Memory cache in front of the store for the token endpoint's lookups. Entries are reused until
 * invalidated (changes made through this process invalidate at once). When the store is shared
 * with other instances (PostgreSQL) an entry is also reloaded once it is older than the
 * propagation delay — the bound PRODUCT.md §4 promises for changes to reach new tokens.
 * Concurrent misses for one key share a single load.
 */
export class CachedLoader<V> {
  readonly #entries = new Map<string, { value: V | undefined; loadedAt: number }>();
  readonly #loading = new Map<string, Promise<V | undefined>>();
  readonly #maxAgeMs: () => number;
  readonly #load: (key: string) => Promise<V | undefined>;
  readonly #now: () => number;
  readonly #onLookup: ((hit: boolean) => void) | undefined;
  #generation = 0;

  constructor(options: {
    load: (key: string) => Promise<V | undefined>;
    maxAgeMs: () => number;
    now: () => number;
    /**
     * Told of every lookup answered from memory (a fresh `peek` or `get`: hit) or sent to the
     * store (a `get` that loads or joins a load: miss). A `peek` that finds nothing says nothing:
     * its caller goes on to `get`.
     */
    onLookup?: (hit: boolean) => void;
  }) {
    this.#load = options.load;
    this.#maxAgeMs = options.maxAgeMs;
    this.#now = options.now;
    this.#onLookup = options.onLookup;
  }

  /** The cached value when fresh (synchronous fast path), else undefined. */
  peek(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined || entry.value === undefined) return undefined;
    if (this.#now() - entry.loadedAt > this.#maxAgeMs()) return undefined;
    this.#onLookup?.(true);
    return entry.value;
  }

  async get(key: string): Promise<V | undefined> {
    const entry = this.#entries.get(key);
    if (entry !== undefined && this.#now() - entry.loadedAt <= this.#maxAgeMs()) {
      this.#onLookup?.(true);
      return entry.value;
    }
    this.#onLookup?.(false);
    let pending = this.#loading.get(key);
    if (pending === undefined) {
      const generation = this.#generation;
      pending = this.#load(key).then(
        (value) => {
          this.#loading.delete(key);
          // A change during the load made this value stale: hand it out once, do not keep it.
          if (generation === this.#generation) {
            // Unknown keys are not kept: a client created a moment later must work at once.
            if (value !== undefined) this.#entries.set(key, { value, loadedAt: this.#now() });
          }
          return value;
        },
        (err: unknown) => {
          this.#loading.delete(key);
          throw err;
        },
      );
      this.#loading.set(key, pending);
    }
    return pending;
  }

  invalidate(key: string): void {
    this.#generation++;
    this.#entries.delete(key);
  }

  invalidateAll(): void {
    this.#generation++;
    this.#entries.clear();
  }
}
