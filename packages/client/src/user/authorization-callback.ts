import { createHash, timingSafeEqual } from 'node:crypto';
import { redactSecrets } from '../errors/packgate-client-error.js';
import { InvalidResponseError } from '../errors/token-errors.js';
import { AuthorizationDeniedError, StateMismatchError } from '../errors/user-flow-errors.js';
import { checkTssd } from '../urls/tssd.js';

/** What the authorization server sent back to the redirect URI. */
export interface AuthorizationCallback {
  /** The authorization code (single use, 5-minute life). Never log it. */
  code: string;
  /** The customer's tenant subdomain, validated (AppExchange apps only). */
  tssd: string | undefined;
}

/**
 * Parses the redirect back from `v2/authorize`: checks `state` in constant time, turns `error`
 * into {@link AuthorizationDeniedError}, and validates `tssd` before anyone builds a host from it.
 *
 * @example
 * ```ts
 * const { code, tssd } = parseAuthorizationCallback(req.url, { expectedState: req.session.login.state });
 * ```
 */
export function parseAuthorizationCallback(
  callback: string | URL | URLSearchParams,
  options: { expectedState: string },
): AuthorizationCallback {
  const params =
    callback instanceof URLSearchParams
      ? callback
      : new URL(callback instanceof URL ? callback.href : callback, 'http://callback.invalid/').searchParams;
  if (typeof options.expectedState !== 'string' || options.expectedState === '') {
    // An empty expected state (a lost session) would accept a forged callback without state.
    throw new StateMismatchError('no expected state: the login session is missing or expired');
  }
  const state = params.get('state');
  if (state === null || !sameText(state, options.expectedState)) {
    throw new StateMismatchError('authorization callback state does not match the state sent');
  }
  const error = params.get('error');
  if (error !== null) {
    const description = redactSecrets(params.get('error_description') ?? '');
    throw new AuthorizationDeniedError(
      `authorization failed: ${redactSecrets(error).slice(0, 64)}${description === '' ? '' : `: ${description}`}`,
      { oauthError: error.slice(0, 64) },
    );
  }
  const code = params.get('code');
  if (code === null || code === '' || code.length > 4096) {
    throw new InvalidResponseError('authorization callback has no code');
  }
  const tssd = params.get('tssd');
  return { code, tssd: tssd === null ? undefined : checkTssd(tssd) };
}

function sameText(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b)) && a.length === b.length;
}
