import { PackgateClientError, type PackgateClientErrorDetails } from './packgate-client-error.js';

/**
 * 401 `invalid_client` from a token endpoint: unknown client or wrong secret.
 * @example
 * ```ts
 * if (e instanceof InvalidClientError) console.error(e.hint);
 * ```
 */
export class InvalidClientError extends PackgateClientError {
  constructor(message: string, details?: PackgateClientErrorDetails) {
    super('ERR_INVALID_CLIENT', message, details);
  }
}

/**
 * `unauthorized_client`: the client may not use this business unit (MID) or this flow.
 * @example
 * ```ts
 * if (e instanceof UnauthorizedClientError) console.error(e.hint);
 * ```
 */
export class UnauthorizedClientError extends PackgateClientError {
  constructor(message: string, details?: PackgateClientErrorDetails) {
    super('ERR_UNAUTHORIZED_CLIENT', message, details);
  }
}

/**
 * The client secret has expired (the description of an `invalid_client` answer says so).
 * @example
 * ```ts
 * if (e instanceof SecretExpiredError) alertOps('rotate the Marketing Cloud secret');
 * ```
 */
export class SecretExpiredError extends PackgateClientError {
  constructor(message: string, details?: PackgateClientErrorDetails) {
    super('ERR_SECRET_EXPIRED', message, details);
  }
}

/**
 * `invalid_grant`: wrong grant for the integration type, or a bad authorization code.
 * @example
 * ```ts
 * if (e instanceof InvalidGrantError) console.error(e.hint);
 * ```
 */
export class InvalidGrantError extends PackgateClientError {
  constructor(message: string, details?: PackgateClientErrorDetails) {
    super('ERR_INVALID_GRANT', message, details);
  }
}

/**
 * `invalid_grant` on a refresh: the refresh token is expired, revoked or was already used.
 * @example
 * ```ts
 * if (e instanceof RefreshTokenRejectedError) redirectToLogin();
 * ```
 */
export class RefreshTokenRejectedError extends PackgateClientError {
  constructor(message: string, details?: PackgateClientErrorDetails) {
    super('ERR_REFRESH_TOKEN_REJECTED', message, details);
  }
}

/**
 * `invalid_scope`: a requested scope is not assigned to the integration (or is wider than the original grant).
 * @example
 * ```ts
 * if (e instanceof InvalidScopeError) console.error(e.hint);
 * ```
 */
export class InvalidScopeError extends PackgateClientError {
  constructor(message: string, details?: PackgateClientErrorDetails) {
    super('ERR_INVALID_SCOPE', message, details);
  }
}

/**
 * Any other error answer of a token endpoint (`invalid_request`, `unsupported_grant_type`, 5xx, …).
 * @example
 * ```ts
 * if (e instanceof TokenRequestError) console.error(e.oauthError, e.status);
 * ```
 */
export class TokenRequestError extends PackgateClientError {
  constructor(message: string, details?: PackgateClientErrorDetails) {
    super('ERR_TOKEN_REQUEST_FAILED', message, details);
  }
}

/**
 * A response could not be understood (not JSON, required fields missing, non-positive `expires_in`, …).
 * @example
 * ```ts
 * if (e instanceof InvalidResponseError) console.error('is the base URI right?', e.hint);
 * ```
 */
export class InvalidResponseError extends PackgateClientError {
  constructor(message: string, details?: PackgateClientErrorDetails) {
    super('ERR_INVALID_RESPONSE', message, details);
  }
}

/**
 * Authorization server metadata (RFC 8414) could not be fetched or is invalid.
 * @example
 * ```ts
 * if (e instanceof DiscoveryError) console.error(e.hint);
 * ```
 */
export class DiscoveryError extends PackgateClientError {
  constructor(message: string, details?: PackgateClientErrorDetails) {
    super('ERR_DISCOVERY_FAILED', message, details);
  }
}
