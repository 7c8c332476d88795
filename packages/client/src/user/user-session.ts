import type { TokenCache, TokenCacheLock } from '../cache/token-cache.js';
import { createMarketingCloudDialect } from '../dialects/marketing-cloud.js';
import type { DialectContext, TokenDialect } from '../dialects/token-dialect.js';
import { ConfigurationError } from '../errors/configuration-errors.js';
import { RefreshTokenRejectedError } from '../errors/token-errors.js';
import { NoRefreshTokenError, RotationNotPersistedError } from '../errors/user-flow-errors.js';
import { type Clock, defaultSleep, type FetchLike, type Sleep } from '../http/fetch-like.js';
import { requestToken } from '../tokens/request-token.js';
import { SingleFlight } from '../tokens/single-flight.js';
import type { GetTokenOptions, TokenSource, UserToken } from '../tokens/token.js';
import { checkCredentialOptions, parseScopeOption } from '../tokens/token-provider-options.js';
import type { TokenRequestParams } from '../tokens/token-request-params.js';
import { normalizeBaseUri } from '../urls/normalize-base-uri.js';
import { checkRedirectUri } from './authorization-url.js';

/** One refresh-token rotation, handed to {@link UserSessionOptions.persistRotation}. */
export interface RefreshTokenRotation {
  /** The refresh token that was used (or `undefined` after a code exchange). */
  previousRefreshToken: string | undefined;
  /** The new tokens; `token.refreshToken` is the one to store. */
  token: UserToken;
}

/** Options of {@link createUserSession}. */
export interface UserSessionOptions {
  /** Auth base URI (or issuer for the RFC 6749 dialect). */
  authBaseUri: string;
  /** Client id of the web or public app. */
  clientId: string;
  /** Client secret (web apps only; public apps have none). */
  clientSecret?: string;
  /** The redirect URI used in the authorization request (sent again with the code). */
  redirectUri?: string;
  /** `account_id` (MID) to send with refreshes. */
  accountId?: string | number;
  /** Narrower scopes to request on refresh (⊆ the original grant). */
  scope?: readonly string[] | string;
  /** A stored refresh token to start from. */
  refreshToken?: string;
  /**
   * Stores a rotation atomically: write `rotation.token.refreshToken` in one step, ideally only if the
   * stored value still equals `rotation.previousRefreshToken` (compare-and-set). Called before the new
   * access token is handed out. If it throws, the session keeps the new refresh token in memory, reports
   * {@link RotationNotPersistedError} and calls it again before the next refresh, so the user stays signed in.
   */
  persistRotation: (rotation: RefreshTokenRotation) => Promise<void>;
  /** Reads the newest stored refresh token (another process may have rotated it). */
  loadRefreshToken?: () => Promise<string | undefined>;
  /** A locking cache (e.g. Redis) so processes sharing one user refresh one at a time. */
  cache?: TokenCache;
  /** Lock name for this user's refresh token family (required with `cache`). */
  lockKey?: string;
  /** Treat tokens as expired this many seconds early (default 30). */
  expiryMarginSeconds?: number;
  /** Wire dialect (default Marketing Cloud). */
  dialect?: TokenDialect;
  /** fetch implementation. */
  fetch?: FetchLike;
  /** Wall clock, epoch ms. */
  now?: Clock;
  /** Sleep used while polling a lock. */
  sleep?: Sleep;
  /** Timeout per request in ms (default 10000). */
  timeoutMs?: number;
  /** Allow http off loopback (default false). */
  allowInsecureHttp?: boolean;
  /** Told when `persistRotation` failed (the session goes on with the token in memory). */
  onPersistError?: (error: RotationNotPersistedError) => void;
}

/**
 * A signed-in user's tokens for a web or public app: code exchange, cached access token, refresh with
 * rotation persisted through a callback, one refresh at a time (in-process single flight, plus a cache
 * lock across processes).
 *
 * @example
 * ```ts
 * const session = createUserSession({ authBaseUri, clientId, redirectUri, refreshToken: user.refreshToken,
 *   persistRotation: ({ previousRefreshToken, token }) => db.swapRefreshToken(user.id, previousRefreshToken, token.refreshToken) });
 * const rest = createRestClient({ tokenSource: session });
 * ```
 */
export class UserSession implements TokenSource {
  readonly #options: UserSessionOptions;
  readonly #dialect: TokenDialect;
  readonly #context: DialectContext;
  readonly #now: Clock;
  readonly #sleep: Sleep;
  readonly #marginMs: number;
  readonly #scope: string[] | undefined;
  readonly #flight = new SingleFlight<UserToken>();
  #refreshToken: string | undefined;
  #token: UserToken | undefined;
  #unpersisted: RefreshTokenRotation | undefined;

  /** Prefer {@link createUserSession}. */
  constructor(options: UserSessionOptions) {
    checkCredentialOptions(options);
    if (options.redirectUri !== undefined) checkRedirectUri(options.redirectUri);
    if (options.cache !== undefined && (typeof options.lockKey !== 'string' || options.lockKey === '')) {
      // Without a lock name processes sharing the user would rotate the same refresh token concurrently.
      throw new ConfigurationError('lockKey (one per user) is required with cache');
    }
    const allowInsecureHttp = options.allowInsecureHttp ?? false;
    this.#options = options;
    this.#dialect = options.dialect ?? createMarketingCloudDialect();
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? defaultSleep;
    this.#marginMs = (options.expiryMarginSeconds ?? 30) * 1000;
    this.#scope = parseScopeOption(options.scope);
    this.#refreshToken = options.refreshToken;
    this.#context = {
      baseUri: normalizeBaseUri(options.authBaseUri, { name: 'authBaseUri', allowInsecureHttp }),
      fetch: options.fetch ?? globalThis.fetch,
      timeoutMs: options.timeoutMs ?? 10_000,
      now: this.#now,
      allowInsecureHttp,
    };
  }

  /** The newest refresh token known to this session. */
  get refreshToken(): string | undefined {
    return this.#refreshToken;
  }

  /** Exchanges an authorization code (with its PKCE verifier) for tokens and persists the refresh token. */
  async exchangeCode(input: {
    code: string;
    codeVerifier?: string;
    redirectUri?: string;
  }): Promise<UserToken> {
    const redirectUri = input.redirectUri ?? this.#options.redirectUri;
    if (redirectUri !== undefined) checkRedirectUri(redirectUri);
    const token = await requestToken(
      {
        ...this.#baseParams('authorization_code'),
        code: input.code,
        codeVerifier: input.codeVerifier,
        redirectUri,
      },
      this.#dialect,
      this.#context,
    );
    await this.#accept({ previousRefreshToken: this.#refreshToken, token });
    return token;
  }

  /** Resolves a valid access token, refreshing (once, shared by concurrent callers) when needed. */
  getToken(options?: GetTokenOptions): Promise<UserToken> {
    const token = this.#token;
    const forced = options?.forceRefresh === true || options?.rejectToken !== undefined;
    if (
      token !== undefined &&
      !(forced && (options?.rejectToken ?? token.accessToken) === token.accessToken)
    ) {
      if (this.#now() < token.expiresAt - this.#marginMs) return Promise.resolve(token);
    }
    return this.#flight.pending ?? this.#flight.run(() => this.#refresh());
  }

  #baseParams(grantType: TokenRequestParams['grantType']): TokenRequestParams {
    const { clientId, clientSecret, accountId } = this.#options;
    return {
      grantType,
      clientId,
      clientSecret,
      accountId,
      scope: grantType === 'refresh_token' ? this.#scope : undefined,
    };
  }

  async #refresh(): Promise<UserToken> {
    if (this.#unpersisted !== undefined) await this.#persist(this.#unpersisted);
    const lock = await this.#lock();
    try {
      const stored = await this.#options.loadRefreshToken?.();
      if (stored !== undefined && stored !== this.#refreshToken && this.#unpersisted === undefined) {
        this.#refreshToken = stored;
      }
      const used = this.#refreshToken;
      if (used === undefined)
        throw new NoRefreshTokenError('no refresh token: run the authorization code flow first');
      let token: UserToken;
      try {
        token = await this.#requestRefresh(used);
      } catch (error) {
        // Another process may have rotated the token meanwhile: retry once with the stored one.
        const latest =
          error instanceof RefreshTokenRejectedError ? await this.#options.loadRefreshToken?.() : undefined;
        if (latest === undefined || latest === used) throw error;
        this.#refreshToken = latest;
        token = await this.#requestRefresh(latest);
        await this.#accept({ previousRefreshToken: latest, token });
        return token;
      }
      await this.#accept({ previousRefreshToken: used, token });
      return token;
    } finally {
      // The refresh (and its persisted rotation) already happened; an unreachable lock store must not
      // turn it into a failure. The lock expires by itself.
      await lock?.release().catch(() => {});
    }
  }

  #requestRefresh(refreshToken: string): Promise<UserToken> {
    return requestToken({ ...this.#baseParams('refresh_token'), refreshToken }, this.#dialect, this.#context);
  }

  async #accept(rotation: RefreshTokenRotation): Promise<void> {
    const next = rotation.token.refreshToken ?? rotation.previousRefreshToken;
    this.#refreshToken = next;
    this.#token = rotation.token;
    if (rotation.token.refreshToken === undefined) return;
    this.#unpersisted = rotation;
    await this.#persist(rotation);
  }

  async #persist(rotation: RefreshTokenRotation): Promise<void> {
    try {
      await this.#options.persistRotation(rotation);
      if (this.#unpersisted === rotation) this.#unpersisted = undefined;
    } catch (cause) {
      const error = new RotationNotPersistedError(
        'persistRotation failed; the rotated refresh token is kept in memory',
        {
          cause,
        },
      );
      this.#options.onPersistError?.(error);
    }
  }

  async #lock(): Promise<TokenCacheLock | undefined> {
    const { cache, lockKey } = this.#options;
    if (cache?.acquireLock === undefined || lockKey === undefined) return undefined;
    for (let poll = 0; poll < 300; poll++) {
      const lock = await cache.acquireLock(`user:${lockKey}`, this.#context.timeoutMs * 2);
      if (lock !== undefined) return lock;
      await this.#sleep(50);
    }
    return undefined;
  }
}

/**
 * Creates a {@link UserSession}.
 *
 * @example
 * ```ts
 * const session = createUserSession({ authBaseUri, clientId, clientSecret, redirectUri, persistRotation: save });
 * const token = await session.exchangeCode({ code, codeVerifier });
 * ```
 */
export function createUserSession(options: UserSessionOptions): UserSession {
  return new UserSession(options);
}
