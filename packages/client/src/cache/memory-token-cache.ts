import { randomUUID } from 'node:crypto';
import type { Clock } from '../http/fetch-like.js';
import type { CachedToken, TokenCache, TokenCacheLock } from './token-cache.js';

/**
 * An in-process {@link TokenCache} with locks, for sharing tokens among several providers of one
 * process. (A provider without a `cache` option already caches its own token in memory.)
 *
 * @example
 * ```ts
 * const cache = new MemoryTokenCache();
 * const a = createTokenProvider({ ...options, cache });
 * const b = createTokenProvider({ ...options, cache }); // a and b share tokens
 * ```
 */
export class MemoryTokenCache implements TokenCache {
  readonly #entries = new Map<string, { entry: CachedToken; until: number }>();
  readonly #locks = new Map<string, { owner: string; until: number }>();
  readonly #now: Clock;

  /** @param now wall clock used for entry and lock expiry (default `Date.now`). */
  constructor(now: Clock = Date.now) {
    this.#now = now;
  }

  /** @inheritdoc */
  async get(key: string): Promise<CachedToken | undefined> {
    const found = this.#entries.get(key);
    if (found === undefined) return undefined;
    if (this.#now() >= found.until) {
      this.#entries.delete(key);
      return undefined;
    }
    return found.entry;
  }

  /** @inheritdoc */
  async set(key: string, entry: CachedToken, ttlMs: number): Promise<void> {
    this.#entries.set(key, { entry, until: this.#now() + ttlMs });
  }

  /** @inheritdoc */
  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  /** @inheritdoc */
  async acquireLock(key: string, ttlMs: number): Promise<TokenCacheLock | undefined> {
    const held = this.#locks.get(key);
    if (held !== undefined && this.#now() < held.until) return undefined;
    const owner = randomUUID();
    this.#locks.set(key, { owner, until: this.#now() + ttlMs });
    return {
      release: async () => {
        if (this.#locks.get(key)?.owner === owner) this.#locks.delete(key);
      },
    };
  }
}
