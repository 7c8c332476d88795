import type { TokenCache } from '../cache/token-cache.js';
import type { TokenDialect } from '../dialects/token-dialect.js';
import { ConfigurationError } from '../errors/configuration-errors.js';
import type { Clock, FetchLike, Sleep } from '../http/fetch-like.js';

/**
 * Options of {@link createTokenProvider}. Only `authBaseUri` and `clientId` are required (PRODUCT §9).
 *
 * @example
 * ```ts
 * const options: TokenProviderOptions = { authBaseUri, clientId, clientSecret, accountId: 123456, scope: ['data_extensions_read'] };
 * ```
 */
export interface TokenProviderOptions {
  /** Auth base URI (`https://{tssd}.auth.marketingcloudapis.com/`), My Domain URL, or issuer. */
  authBaseUri: string;
  /** Client id of the API integration. */
  clientId: string;
  /** Client secret (server-to-server and web apps). Never logged, never in errors. */
  clientSecret?: string;
  /** `account_id`: MID of the business unit; omitted = the BU the package was created in. */
  accountId?: string | number;
  /** Scopes (array or space-separated); omitted = all integration scopes, `[]` = none. */
  scope?: readonly string[] | string;
  /** Wire dialect (default: Marketing Cloud `v2/token` with a JSON body). */
  dialect?: TokenDialect;
  /** Treat tokens as expired this many seconds before `expiresAt` (default 30; at most half the lifetime). */
  expiryMarginSeconds?: number;
  /** Start a background refresh this many seconds before the margin (default 60; at most half the rest). */
  refreshAheadSeconds?: number;
  /**
   * `on-access` (default): a call inside the refresh-ahead window returns the cached token and refreshes
   * in the background. `timer`: also schedule that refresh with an unref'd timer. `off`: refresh only
   * when the token is no longer usable. After a failed background refresh the next background attempt
   * waits 1 s, doubling up to 30 s (callers keep the still-valid cached token meanwhile).
   */
  backgroundRefresh?: 'on-access' | 'timer' | 'off';
  /** Shared cache (e.g. {@link createRedisTokenCache}) so many processes use one token. */
  cache?: TokenCache;
  /** Lock lifetime in ms when the cache supports locks (default `timeoutMs + 5000`). */
  lockTtlMs?: number;
  /** How long to wait for another process's refresh before requesting anyway, in ms (default 15000). */
  lockWaitMs?: number;
  /** Polling interval while waiting for another process, in ms (default 50). */
  lockPollMs?: number;
  /** Timeout of each token request in ms (default 10000). */
  timeoutMs?: number;
  /** Allow plain http on hosts other than loopback (default false). */
  allowInsecureHttp?: boolean;
  /** fetch implementation (default global `fetch`). */
  fetch?: FetchLike;
  /** Wall clock, epoch ms (default `Date.now`). */
  now?: Clock;
  /** Sleep used while polling a lock (default a real timer). */
  sleep?: Sleep;
  /** Called with errors of background refreshes and of the shared cache (which never fail `getToken`). */
  onBackgroundError?: (error: unknown) => void;
}

/**
 * Validates and normalises a scope option into a set-like array, or `undefined` (all scopes).
 *
 * @example
 * ```ts
 * parseScopeOption('a b a'); // ['a', 'b']
 * ```
 */
export function parseScopeOption(scope: readonly string[] | string | undefined): string[] | undefined {
  if (scope === undefined) return undefined;
  const items = typeof scope === 'string' ? scope.split(' ') : [...scope];
  const out: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string')
      throw new ConfigurationError('scope must be a string or an array of strings');
    if (item === '') continue;
    if (!/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(item)) {
      throw new ConfigurationError(
        'scope items must be non-empty scope tokens without spaces (RFC 6749 §3.3)',
      );
    }
    if (!out.includes(item)) out.push(item);
  }
  return out;
}

/**
 * Checks the credentials options; throws {@link ConfigurationError} naming the bad option.
 *
 * @example
 * ```ts
 * checkCredentialOptions({ clientId: 'abc', accountId: 123 });
 * ```
 */
export function checkCredentialOptions(options: {
  clientId: unknown;
  clientSecret?: unknown;
  accountId?: unknown;
}): void {
  const { clientId, clientSecret, accountId } = options;
  if (
    typeof clientId !== 'string' ||
    clientId === '' ||
    clientId.length > 256 ||
    !/^[\x21-\x7e]+$/.test(clientId)
  ) {
    throw new ConfigurationError('clientId must be a non-empty string without whitespace');
  }
  if (clientSecret !== undefined && (typeof clientSecret !== 'string' || clientSecret === '')) {
    throw new ConfigurationError('clientSecret must be a non-empty string when given');
  }
  if (accountId !== undefined && !/^\d{1,19}$/.test(String(accountId))) {
    throw new ConfigurationError('accountId must be a business unit MID (digits only)');
  }
}

/**
 * Checks that a duration option is a non-negative finite number.
 *
 * @example
 * ```ts
 * checkDuration('timeoutMs', 10_000);
 * ```
 */
export function checkDuration(name: string, value: number | undefined): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
    throw new ConfigurationError(`${name} must be a non-negative number`);
  }
}
