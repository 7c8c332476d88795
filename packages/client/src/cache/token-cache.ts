import type { Token } from '../tokens/token.js';

/**
 * A token as stored in a cache: the token plus when it was obtained (wall clock, epoch ms), so any
 * process can compute its refresh time.
 */
export interface CachedToken {
  /** The token (its `expiresAt` is wall-clock epoch ms). */
  token: Token;
  /** When the token endpoint answered, epoch ms. */
  obtainedAt: number;
}

/** A held cache lock. */
export interface TokenCacheLock {
  /** Releases the lock if this holder still owns it (safe after expiry). */
  release(): Promise<void>;
}

/**
 * Where tokens are shared. The provider always keeps its own in-memory copy for the fast path and
 * consults the cache only when that copy is missing or due for refresh. Implement `acquireLock` to let
 * many processes make one token request: the first gets the lock, the others poll the cache.
 *
 * @example
 * ```ts
 * const cache: TokenCache = createRedisTokenCache({ client: new Redis(url) });
 * createTokenProvider({ ...options, cache });
 * ```
 */
export interface TokenCache {
  /** Reads a token; `undefined` when absent, expired or unreadable. */
  get(key: string): Promise<CachedToken | undefined>;
  /** Stores a token for `ttlMs` milliseconds. */
  set(key: string, entry: CachedToken, ttlMs: number): Promise<void>;
  /** Removes a token. */
  delete(key: string): Promise<void>;
  /** Tries to take the refresh lock for `ttlMs`; `undefined` when another holder has it. */
  acquireLock?(key: string, ttlMs: number): Promise<TokenCacheLock | undefined>;
}

/**
 * Validates a value read from a shared cache as a {@link CachedToken}; `undefined` when malformed.
 *
 * @example
 * ```ts
 * const entry = parseCachedToken(JSON.parse(text));
 * ```
 */
export function parseCachedToken(value: unknown): CachedToken | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { token, obtainedAt } = value as { token?: unknown; obtainedAt?: unknown };
  if (typeof obtainedAt !== 'number' || !Number.isFinite(obtainedAt)) return undefined;
  if (typeof token !== 'object' || token === null) return undefined;
  const t = token as Record<string, unknown>;
  const strings = ['accessToken', 'tokenType', 'restInstanceUrl', 'soapInstanceUrl'] as const;
  if (strings.some((field) => typeof t[field] !== 'string') || t.accessToken === '') return undefined;
  if (typeof t.expiresAt !== 'number' || !Number.isFinite(t.expiresAt) || t.expiresAt <= obtainedAt)
    return undefined;
  if (!Array.isArray(t.scope) || !t.scope.every((s) => typeof s === 'string')) return undefined;
  return {
    obtainedAt,
    token: Object.freeze({
      accessToken: t.accessToken as string,
      tokenType: t.tokenType as string,
      expiresAt: t.expiresAt,
      scope: Object.freeze([...(t.scope as string[])]) as string[],
      restInstanceUrl: t.restInstanceUrl as string,
      soapInstanceUrl: t.soapInstanceUrl as string,
    }),
  };
}
