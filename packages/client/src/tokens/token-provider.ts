import type { CachedToken, TokenCache, TokenCacheLock } from '../cache/token-cache.js';
import { createMarketingCloudDialect } from '../dialects/marketing-cloud.js';
import type { DialectContext, TokenDialect } from '../dialects/token-dialect.js';
import { InvalidResponseError } from '../errors/token-errors.js';
import { type Clock, defaultSleep, type Sleep } from '../http/fetch-like.js';
import { normalizeBaseUri } from '../urls/normalize-base-uri.js';
import { requestToken } from './request-token.js';
import { SingleFlight } from './single-flight.js';
import type { GetTokenOptions, Token, TokenSource } from './token.js';
import { tokenCacheKey } from './token-cache-key.js';
import {
  checkCredentialOptions,
  checkDuration,
  parseScopeOption,
  type TokenProviderOptions,
} from './token-provider-options.js';
import type { TokenRequestParams } from './token-request-params.js';

/** A cached token with the times derived from it. */
interface Entry {
  token: Token;
  /** The token is handed out until here (expiresAt minus the margin). */
  usableUntil: number;
  /** From here on a background refresh starts. */
  refreshFrom: number;
  /** A settled promise of `token`, reused by the fast path. */
  promise: Promise<Token>;
}

const MAX_TIMER_MS = 2_147_483_647;
/** After a failed background refresh, the next background attempt waits this long (doubling, capped). */
const BACKGROUND_RETRY_MIN_MS = 1000;
const BACKGROUND_RETRY_MAX_MS = 30_000;

/**
 * Hands out client-credentials access tokens for one (auth base URI, client id, account_id, scope set):
 * caches each token until `expiresAt` minus a margin, refreshes it in the background shortly before,
 * shares one in-flight request among all concurrent callers (and, with a locking shared cache, among
 * processes), and never resolves a token past its margin. Create it with {@link createTokenProvider}.
 *
 * @example
 * ```ts
 * const provider = createTokenProvider({ authBaseUri, clientId, clientSecret, accountId: 123456 });
 * const { accessToken, restInstanceUrl } = await provider.getToken();
 * ```
 */
export class TokenProvider implements TokenSource {
  /** The cache key of this provider's tokens (no secret in it). */
  readonly cacheKey: string;
  readonly #params: TokenRequestParams;
  readonly #dialect: TokenDialect;
  readonly #context: DialectContext;
  readonly #cache: TokenCache | undefined;
  readonly #now: Clock;
  readonly #sleep: Sleep;
  readonly #marginMs: number;
  readonly #aheadMs: number;
  readonly #background: 'on-access' | 'timer' | 'off';
  readonly #lockTtlMs: number;
  readonly #lockPolls: number;
  readonly #lockPollMs: number;
  readonly #onBackgroundError: (error: unknown) => void;
  readonly #flight = new SingleFlight<Token>();
  #entry: Entry | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** Background refreshes pause until here after a failure, so a busy caller cannot hammer a failing server. */
  #backgroundPausedUntil = 0;
  #backgroundFailures = 0;

  /** Prefer {@link createTokenProvider}. */
  constructor(options: TokenProviderOptions) {
    checkCredentialOptions(options);
    for (const name of [
      'expiryMarginSeconds',
      'refreshAheadSeconds',
      'lockTtlMs',
      'lockWaitMs',
      'lockPollMs',
      'timeoutMs',
    ] as const) {
      checkDuration(name, options[name]);
    }
    const allowInsecureHttp = options.allowInsecureHttp ?? false;
    const baseUri = normalizeBaseUri(options.authBaseUri, { name: 'authBaseUri', allowInsecureHttp });
    const scope = parseScopeOption(options.scope);
    this.#dialect = options.dialect ?? createMarketingCloudDialect();
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? defaultSleep;
    const timeoutMs = options.timeoutMs ?? 10_000;
    this.#context = {
      baseUri,
      fetch: options.fetch ?? globalThis.fetch,
      timeoutMs,
      now: this.#now,
      allowInsecureHttp,
    };
    this.#params = {
      grantType: 'client_credentials',
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      accountId: options.accountId,
      scope,
    };
    this.#cache = options.cache;
    this.#marginMs = (options.expiryMarginSeconds ?? 30) * 1000;
    this.#aheadMs = (options.refreshAheadSeconds ?? 60) * 1000;
    this.#background = options.backgroundRefresh ?? 'on-access';
    this.#lockTtlMs = options.lockTtlMs ?? timeoutMs + 5000;
    this.#lockPollMs = Math.max(1, options.lockPollMs ?? 50);
    this.#lockPolls = Math.ceil((options.lockWaitMs ?? 15_000) / this.#lockPollMs);
    this.#onBackgroundError = options.onBackgroundError ?? (() => {});
    this.cacheKey = tokenCacheKey({
      dialect: this.#dialect.name,
      authBaseUri: baseUri,
      clientId: options.clientId,
      accountId: options.accountId,
      scope,
    });
  }

  /**
   * Resolves a token valid now. Cached tokens resolve without I/O; concurrent callers share one request.
   * `forceRefresh` obtains a new token; with `rejectToken` (a token an API just refused) an already
   * newer token is reused instead of requesting another.
   */
  getToken(options?: GetTokenOptions): Promise<Token> {
    if (options === undefined || (options.forceRefresh !== true && options.rejectToken === undefined)) {
      const entry = this.#entry;
      if (entry !== undefined) {
        const now = this.#now();
        if (now < entry.refreshFrom) return entry.promise;
        if (now < entry.usableUntil) {
          if (this.#background !== 'off') this.#refreshInBackground();
          return entry.promise;
        }
      }
      return this.#flight.pending ?? this.#startFlight(undefined);
    }
    return this.#getForced(options.rejectToken);
  }

  /** Drops the cached token (only if it is `accessToken`, when given); the next call requests a new one. */
  invalidate(accessToken?: string): void {
    if (accessToken === undefined || this.#entry?.token.accessToken === accessToken) this.#entry = undefined;
  }

  /** Stops the background refresh timer (`backgroundRefresh: 'timer'`). */
  close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #getForced(rejectToken: string | undefined): Promise<Token> {
    const entry = this.#entry;
    if (
      rejectToken !== undefined &&
      entry !== undefined &&
      entry.token.accessToken !== rejectToken &&
      this.#now() < entry.usableUntil
    ) {
      return entry.token;
    }
    const rejected = rejectToken ?? entry?.token.accessToken;
    if (entry !== undefined && entry.token.accessToken === rejected) this.#entry = undefined;
    const token = await (this.#flight.pending ?? this.#startFlight(rejected));
    if (rejected === undefined || token.accessToken !== rejected) return token;
    return this.#flight.pending ?? this.#startFlight(rejected);
  }

  #startFlight(rejectToken: string | undefined): Promise<Token> {
    return this.#flight.run(async () => {
      let entry: Entry;
      try {
        entry = await this.#obtain(rejectToken);
      } catch (error) {
        // Set before the flight settles, so no caller can start another background attempt meanwhile.
        const pauseMs = BACKGROUND_RETRY_MIN_MS * 2 ** Math.min(this.#backgroundFailures, 5);
        this.#backgroundFailures++;
        this.#backgroundPausedUntil = this.#now() + Math.min(pauseMs, BACKGROUND_RETRY_MAX_MS);
        throw error;
      }
      this.#backgroundFailures = 0;
      this.#backgroundPausedUntil = 0;
      this.#adopt(entry);
      return entry.token;
    });
  }

  #refreshInBackground(): void {
    if (this.#flight.pending !== undefined || this.#now() < this.#backgroundPausedUntil) return;
    this.#startFlight(undefined).catch(this.#onBackgroundError);
  }

  #adopt(entry: Entry): void {
    this.#entry = entry;
    if (this.#background !== 'timer') return;
    clearTimeout(this.#timer);
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, entry.refreshFrom - this.#now()));
    this.#timer = setTimeout(() => this.#refreshInBackground(), delay);
    this.#timer.unref();
  }

  #toEntry(cached: CachedToken): Entry | undefined {
    const { token, obtainedAt } = cached;
    const lifetime = token.expiresAt - obtainedAt;
    if (!(lifetime > 0)) return undefined;
    const usableUntil = token.expiresAt - Math.min(this.#marginMs, lifetime / 2);
    const refreshFrom = usableUntil - Math.min(this.#aheadMs, (usableUntil - obtainedAt) / 2);
    return { token, usableUntil, refreshFrom, promise: Promise.resolve(token) };
  }

  /** A shared-cache entry worth adopting: not rejected and not yet due for refresh. */
  #fresh(cached: CachedToken | undefined, rejectToken: string | undefined): Entry | undefined {
    if (cached === undefined || cached.token.accessToken === rejectToken) return undefined;
    const entry = this.#toEntry(cached);
    return entry !== undefined && this.#now() < entry.refreshFrom ? entry : undefined;
  }

  async #cacheGet(rejectToken: string | undefined): Promise<Entry | undefined> {
    if (this.#cache === undefined) return undefined;
    try {
      return this.#fresh(await this.#cache.get(this.cacheKey), rejectToken);
    } catch (error) {
      this.#onBackgroundError(error);
      return undefined;
    }
  }

  async #obtain(rejectToken: string | undefined): Promise<Entry> {
    const hit = await this.#cacheGet(rejectToken);
    if (hit !== undefined) return hit;
    let lock: TokenCacheLock | undefined;
    if (this.#cache?.acquireLock !== undefined) {
      for (let poll = 0; ; poll++) {
        lock = await this.#cache.acquireLock(this.cacheKey, this.#lockTtlMs).catch((error: unknown) => {
          this.#onBackgroundError(error);
          return undefined;
        });
        if (lock !== undefined || poll >= this.#lockPolls) break;
        await this.#sleep(this.#lockPollMs);
        const polled = await this.#cacheGet(rejectToken);
        if (polled !== undefined) return polled;
      }
    }
    try {
      if (lock !== undefined) {
        const again = await this.#cacheGet(rejectToken);
        if (again !== undefined) return again;
      }
      return await this.#fetchAndStore();
    } finally {
      await lock?.release().catch(this.#onBackgroundError);
    }
  }

  async #fetchAndStore(): Promise<Entry> {
    const token = await requestToken(this.#params, this.#dialect, this.#context);
    const obtainedAt = this.#now();
    const cached: CachedToken = { token, obtainedAt: Math.min(obtainedAt, token.expiresAt - 1) };
    const entry = this.#toEntry(cached);
    if (entry === undefined || obtainedAt >= entry.usableUntil) {
      throw new InvalidResponseError('token endpoint issued a token that is already expired');
    }
    if (this.#cache !== undefined) {
      await this.#cache
        .set(this.cacheKey, cached, token.expiresAt - obtainedAt)
        .catch(this.#onBackgroundError);
    }
    return entry;
  }
}

/**
 * Creates a {@link TokenProvider} (PRODUCT §9 entry point). Validates every option up front.
 *
 * @example
 * ```ts
 * const provider = createTokenProvider({
 *   authBaseUri: 'https://mc563885gzs27c5t9-63k636ttgm.auth.marketingcloudapis.com/',
 *   clientId: process.env.MC_CLIENT_ID!, clientSecret: process.env.MC_CLIENT_SECRET!, accountId: 123456,
 * });
 * const token = await provider.getToken();
 * ```
 */
export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  return new TokenProvider(options);
}
