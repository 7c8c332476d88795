import { createMarketingCloudDialect } from '../dialects/marketing-cloud.js';
import type { TokenDialect } from '../dialects/token-dialect.js';
import { ConfigurationError } from '../errors/configuration-errors.js';
import type { FetchLike } from '../http/fetch-like.js';
import { createPkcePair, createState } from '../pkce.js';
import { checkCredentialOptions, parseScopeOption } from '../tokens/token-provider-options.js';
import { normalizeBaseUri } from '../urls/normalize-base-uri.js';

/** Options of {@link buildAuthorizationUrl}. */
export interface AuthorizationUrlOptions {
  /** Auth base URI (or issuer for the RFC 6749 dialect). */
  authBaseUri: string;
  /** Client id of the web or public app. */
  clientId: string;
  /** One of the integration's redirect URIs, exactly as registered. */
  redirectUri: string;
  /** Requested scopes; omitted = all integration scopes. Add `offline` to keep access after logout. */
  scope?: readonly string[] | string;
  /** MID of the business unit to log in to (Packgate honours it; Marketing Cloud lets the user choose). */
  accountId?: string | number;
  /** `state` to send (default: a fresh random value). */
  state?: string;
  /** Wire dialect (default Marketing Cloud: `{authBaseUri}v2/authorize`). */
  dialect?: TokenDialect;
  /** fetch for dialects that discover endpoints. */
  fetch?: FetchLike;
  /** Allow http off loopback (default false). */
  allowInsecureHttp?: boolean;
}

/** An authorization request to send the browser to, and what to keep until the callback. */
export interface AuthorizationRequest {
  /** Where to redirect the user's browser. */
  url: string;
  /** The `state` sent; compare it in {@link parseAuthorizationCallback}. */
  state: string;
  /** The PKCE verifier; pass it to `exchangeCode`. Keep it secret. */
  codeVerifier: string;
}

/**
 * Builds an authorization URL with PKCE (S256) and `state` for a web or public app.
 *
 * @example
 * ```ts
 * const { url, state, codeVerifier } = await buildAuthorizationUrl({ authBaseUri, clientId, redirectUri, scope: ['email_read', 'offline'] });
 * req.session.login = { state, codeVerifier };
 * res.redirect(url);
 * ```
 */
export async function buildAuthorizationUrl(options: AuthorizationUrlOptions): Promise<AuthorizationRequest> {
  checkCredentialOptions({ clientId: options.clientId, accountId: options.accountId });
  const allowInsecureHttp = options.allowInsecureHttp ?? false;
  const baseUri = normalizeBaseUri(options.authBaseUri, { name: 'authBaseUri', allowInsecureHttp });
  checkRedirectUri(options.redirectUri);
  const scope = parseScopeOption(options.scope);
  const dialect = options.dialect ?? createMarketingCloudDialect();
  const endpoint = await dialect.authorizationEndpoint({
    baseUri,
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: 10_000,
    now: Date.now,
    allowInsecureHttp,
  });
  const state = options.state ?? createState();
  if (state === '' || state.length > 512) throw new ConfigurationError('state must be 1-512 characters');
  const pkce = createPkcePair();
  const url = new URL(endpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', options.clientId);
  url.searchParams.set('redirect_uri', options.redirectUri);
  if (scope !== undefined) url.searchParams.set('scope', scope.join(' '));
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', pkce.codeChallenge);
  url.searchParams.set('code_challenge_method', pkce.codeChallengeMethod);
  if (options.accountId !== undefined) url.searchParams.set('account_id', String(options.accountId));
  return { url: url.href.replace(/\+/g, '%20'), state, codeVerifier: pkce.codeVerifier };
}

/**
 * Checks a redirect URI: absolute, no fragment (RFC 6749 §3.1.2).
 *
 * @example
 * ```ts
 * checkRedirectUri('https://127.0.0.1:80/callback');
 * ```
 */
export function checkRedirectUri(redirectUri: unknown): void {
  let url: URL;
  try {
    if (typeof redirectUri !== 'string') throw new TypeError('redirectUri');
    url = new URL(redirectUri);
  } catch {
    throw new ConfigurationError('redirectUri must be an absolute URI');
  }
  if (url.hash !== '' || (redirectUri as string).includes('#')) {
    throw new ConfigurationError('redirectUri must not contain a fragment');
  }
}
