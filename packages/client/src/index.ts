/**
 * `@packgate/client`: token lifecycle for Marketing Cloud, Packgate, Salesforce core and any RFC 6749
 * server, with zero runtime dependencies.
 *
 * @example
 * ```ts
 * import { createTokenProvider, createRestClient } from '@packgate/client';
 * const provider = createTokenProvider({ authBaseUri, clientId, clientSecret });
 * const rest = createRestClient({ tokenSource: provider });
 * ```
 * @packageDocumentation
 */
export { MemoryTokenCache } from './cache/memory-token-cache.js';
export {
  createRedisTokenCache,
  type RedisLikeClient,
  type RedisTokenCacheOptions,
} from './cache/redis-token-cache.js';
export {
  type CachedToken,
  parseCachedToken,
  type TokenCache,
  type TokenCacheLock,
} from './cache/token-cache.js';
export {
  type AuthorizationServerMetadata,
  discoverAuthorizationServer,
  metadataUrls,
  parseAuthorizationServerMetadata,
} from './dialects/authorization-server-metadata.js';
export {
  basicAuthorization,
  type ClientAuthentication,
  encodeFormTokenRequest,
} from './dialects/form-encoding.js';
export {
  createMarketingCloudDialect,
  type MarketingCloudDialectOptions,
  parseMarketingCloudTokenResponse,
} from './dialects/marketing-cloud.js';
export { createRfc6749Dialect, type Rfc6749DialectOptions } from './dialects/rfc6749.js';
export {
  createSalesforceCoreDialect,
  parseSalesforceCoreTokenResponse,
  type SalesforceCoreDialectOptions,
} from './dialects/salesforce-core.js';
export type {
  DialectContext,
  EncodedTokenRequest,
  ParseTokenResponseOptions,
  TokenDialect,
} from './dialects/token-dialect.js';
export { type ApiErrorContext, apiErrorFromResponse } from './errors/api-error-from-response.js';
export {
  ApiError,
  InsufficientScopeError,
  NotAuthorizedError,
  RateLimitedError,
  ServiceUnavailableError,
  SoapFaultError,
} from './errors/api-errors.js';
export { ConfigurationError, InvalidTssdError } from './errors/configuration-errors.js';
export { type ErrorCode, errorHints } from './errors/error-codes.js';
export {
  PackgateClientError,
  type PackgateClientErrorDetails,
  redactSecrets,
} from './errors/packgate-client-error.js';
export { type ErrorBody, parseErrorBody } from './errors/parse-error-body.js';
export { type TokenErrorContext, tokenErrorFromResponse } from './errors/token-error-from-response.js';
export {
  DiscoveryError,
  InvalidClientError,
  InvalidGrantError,
  InvalidResponseError,
  InvalidScopeError,
  RefreshTokenRejectedError,
  SecretExpiredError,
  TokenRequestError,
  UnauthorizedClientError,
} from './errors/token-errors.js';
export {
  causeOfTokenFailure,
  findTokenFailureCause,
  hintForTokenFailure,
  hintForTokenTransportFailure,
  TOKEN_FAILURE_CAUSES,
  type TokenFailure,
  type TokenFailureCause,
} from './errors/token-failure-causes.js';
export { NetworkError, RequestTimeoutError } from './errors/transport-errors.js';
export {
  AuthorizationDeniedError,
  NoRefreshTokenError,
  RotationNotPersistedError,
  StateMismatchError,
} from './errors/user-flow-errors.js';
export { type Clock, defaultSleep, type FetchLike, type Sleep } from './http/fetch-like.js';
export { parseRetryAfter } from './http/retry-after.js';
export { readText, type SendRequestOptions, sendRequest } from './http/send-request.js';
export { computeCodeChallenge, createPkcePair, createState, type PkcePair } from './pkce.js';
export {
  createRestClient,
  type RestClient,
  type RestClientOptions,
  type RestRequestInit,
} from './requests/rest-client.js';
export {
  buildSoapEnvelope,
  createSoapClient,
  escapeXml,
  parseSoapFault,
  type SoapClient,
  type SoapClientOptions,
  type SoapResponse,
} from './requests/soap-client.js';
export {
  parseExpiresIn,
  parseOptionalString,
  parseRequiredString,
  parseResponseObject,
  parseScope,
  parseTokenType,
} from './tokens/parse-token-fields.js';
export { requestToken, requestTokenAndResponse, type TokenAndResponse } from './tokens/request-token.js';
export { SingleFlight } from './tokens/single-flight.js';
export {
  freezeToken,
  type GetTokenOptions,
  type Token,
  type TokenResponse,
  type TokenSource,
  type UserToken,
} from './tokens/token.js';
export { type TokenCacheKeyParts, tokenCacheKey } from './tokens/token-cache-key.js';
export { createTokenProvider, TokenProvider } from './tokens/token-provider.js';
export {
  checkCredentialOptions,
  checkDuration,
  parseScopeOption,
  type TokenProviderOptions,
} from './tokens/token-provider-options.js';
export {
  type GrantType,
  type TokenRequestParams,
  toWireTokenRequest,
} from './tokens/token-request-params.js';
export { isTenantShapedAuthBaseUri } from './urls/auth-base-uri-shape.js';
export { joinUrl } from './urls/join-url.js';
export { isLoopbackHost, type NormalizeBaseUriOptions, normalizeBaseUri } from './urls/normalize-base-uri.js';
export { checkTssd, isTssd, type MarketingCloudBaseUris, marketingCloudBaseUris } from './urls/tssd.js';
export { type AuthorizationCallback, parseAuthorizationCallback } from './user/authorization-callback.js';
export {
  type AuthorizationRequest,
  type AuthorizationUrlOptions,
  buildAuthorizationUrl,
  checkRedirectUri,
} from './user/authorization-url.js';
export {
  createUserSession,
  type RefreshTokenRotation,
  UserSession,
  type UserSessionOptions,
} from './user/user-session.js';
