/**
 * An access token as the SDK hands it out (PRODUCT §9). Objects are frozen and shared by all callers.
 *
 * @example
 * ```ts
 * const { accessToken, expiresAt, restInstanceUrl } = await provider.getToken();
 * ```
 */
export interface Token {
  /** The bearer token. Never log it. */
  readonly accessToken: string;
  /** Token type, normally `Bearer`. */
  readonly tokenType: string;
  /** When the token expires, as reported by the server (epoch milliseconds, wall clock). */
  readonly expiresAt: number;
  /** Granted scopes. */
  readonly scope: string[];
  /** REST base URI with a trailing `/` (`''` when the dialect has none). */
  readonly restInstanceUrl: string;
  /** SOAP base URI with a trailing `/` (`''` when the dialect has none). */
  readonly soapInstanceUrl: string;
}

/**
 * A user-context token: a {@link Token} plus the refresh token issued with it (web and public apps).
 *
 * @example
 * ```ts
 * const tokens = await session.exchangeCode({ code, codeVerifier });
 * await db.save(tokens.refreshToken);
 * ```
 */
export interface UserToken extends Token {
  /** The refresh token issued with this access token, if any. Never log it. */
  readonly refreshToken?: string;
}

/** Options of {@link TokenSource.getToken}. */
export interface GetTokenOptions {
  /** Ignore the cached token and obtain a new one (shared with other concurrent forced callers). */
  forceRefresh?: boolean;
  /**
   * An access token the API just rejected: a forced refresh returns a token that differs from it,
   * but reuses a newer token another caller already obtained.
   */
  rejectToken?: string;
}

/**
 * Anything that can hand out access tokens: a {@link TokenProvider} or a {@link UserSession}.
 * The request and SOAP helpers accept any token source.
 *
 * @example
 * ```ts
 * const source: TokenSource = createTokenProvider(options);
 * ```
 */
export interface TokenSource {
  /** Resolves a token that is valid now (never an expired one). */
  getToken(options?: GetTokenOptions): Promise<Token>;
}

/**
 * A token endpoint's success answer in camelCase, before the expiry is fixed on the wall clock.
 * Produced by a dialect's `parseTokenResponse`.
 */
export interface TokenResponse {
  /** `access_token` */
  accessToken: string;
  /** `token_type` */
  tokenType: string;
  /** `expires_in`, when the server sent it. */
  expiresInSeconds: number | undefined;
  /** `scope` split on spaces, when the server sent it. */
  scope: string[] | undefined;
  /** `rest_instance_url` / `instance_url`, normalised. */
  restInstanceUrl: string;
  /** `soap_instance_url`, normalised. */
  soapInstanceUrl: string;
  /** `refresh_token`, when issued. */
  refreshToken: string | undefined;
}

/**
 * Freezes a token (and its scope array) so callers sharing it cannot change it for each other.
 *
 * @example
 * ```ts
 * const token = freezeToken({ ...fields });
 * ```
 */
export function freezeToken<T extends Token>(token: T): T {
  Object.freeze(token.scope);
  return Object.freeze(token);
}
