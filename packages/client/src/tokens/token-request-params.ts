/** The grants the SDK can request. */
export type GrantType = 'client_credentials' | 'authorization_code' | 'refresh_token';

/**
 * One token request in camelCase; a dialect turns it into its wire body (snake_case at the edge).
 *
 * @example
 * ```ts
 * const params: TokenRequestParams = { grantType: 'client_credentials', clientId, clientSecret, accountId: '12345' };
 * ```
 */
export interface TokenRequestParams {
  /** `grant_type` */
  grantType: GrantType;
  /** `client_id` */
  clientId: string;
  /** `client_secret` (absent for public apps). */
  clientSecret?: string | undefined;
  /** `account_id`: the MID of the business unit. */
  accountId?: string | number | undefined;
  /** `scope`: `undefined` = all integration scopes, `[]` = a token with no scopes. */
  scope?: readonly string[] | undefined;
  /** `code` (authorization_code). */
  code?: string | undefined;
  /** `redirect_uri` (authorization_code). */
  redirectUri?: string | undefined;
  /** `code_verifier` (PKCE). */
  codeVerifier?: string | undefined;
  /** `refresh_token` (refresh_token). */
  refreshToken?: string | undefined;
}

/**
 * The wire (snake_case) fields of a token request; the single conversion point from camelCase.
 *
 * @example
 * ```ts
 * toWireTokenRequest({ grantType: 'client_credentials', clientId: 'a' }); // { grant_type: 'client_credentials', client_id: 'a' }
 * ```
 */
export function toWireTokenRequest(
  params: TokenRequestParams,
  options: { includeClientCredentials: boolean },
): Record<string, string | number> {
  const wire: Record<string, string | number> = { grant_type: params.grantType };
  if (options.includeClientCredentials) {
    wire.client_id = params.clientId;
    if (params.clientSecret !== undefined) wire.client_secret = params.clientSecret;
  }
  if (params.code !== undefined) wire.code = params.code;
  if (params.redirectUri !== undefined) wire.redirect_uri = params.redirectUri;
  if (params.codeVerifier !== undefined) wire.code_verifier = params.codeVerifier;
  if (params.refreshToken !== undefined) wire.refresh_token = params.refreshToken;
  if (params.scope !== undefined) wire.scope = params.scope.join(' ');
  if (params.accountId !== undefined) wire.account_id = params.accountId;
  return wire;
}
