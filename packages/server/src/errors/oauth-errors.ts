/**
 * OAuth 2.0 errors (RFC 6749 §5.2, RFC 6750 §3.1). The HTTP status is fixed by the subclass:
 * throw sites say what went wrong, never which status to send.
 */
export abstract class OAuthError extends Error {
  abstract readonly error: string;
  abstract readonly statusCode: number;
  /** Safe for the wire: never contains a secret, code or token. */
  readonly description: string;

  constructor(description: string, options?: ErrorOptions) {
    super(description, options);
    this.description = description;
    this.name = new.target.name;
  }
}

export class InvalidRequest extends OAuthError {
  readonly error = 'invalid_request';
  readonly statusCode = 400;
}

/** RFC 6749 §5.2 allows 401 for client authentication failures; Marketing Cloud uses it. */
export class InvalidClient extends OAuthError {
  readonly error = 'invalid_client';
  readonly statusCode = 401;
}

export class InvalidGrant extends OAuthError {
  readonly error = 'invalid_grant';
  readonly statusCode = 400;
}

/** PRODUCT.md §4: a MID the integration may not access answers 401, as Marketing Cloud does. */
export class UnauthorizedClient extends OAuthError {
  readonly error = 'unauthorized_client';
  readonly statusCode = 401;
}

export class UnsupportedGrantType extends OAuthError {
  readonly error = 'unsupported_grant_type';
  readonly statusCode = 400;
}

export class InvalidScope extends OAuthError {
  readonly error = 'invalid_scope';
  readonly statusCode = 400;
}

export class UnsupportedResponseType extends OAuthError {
  readonly error = 'unsupported_response_type';
  readonly statusCode = 400;
}

export class AccessDenied extends OAuthError {
  readonly error = 'access_denied';
  readonly statusCode = 403;
}

export class InvalidToken extends OAuthError {
  readonly error = 'invalid_token';
  readonly statusCode = 401;
}

/** RFC 6750 §3.1: the token is valid but not for this (e.g. userinfo with a non-user token). */
export class InsufficientScope extends OAuthError {
  readonly error = 'insufficient_scope';
  readonly statusCode = 403;
}

/** The body was larger than the endpoint accepts. */
export class RequestTooLarge extends OAuthError {
  readonly error = 'invalid_request';
  readonly statusCode = 413;
}

export class ServerError extends OAuthError {
  readonly error = 'server_error';
  readonly statusCode = 500;
}

/** Marketing Cloud puts this on every token-endpoint error (sfmc-auth.md §6.1). */
export const ERROR_URI = 'https://developer.salesforce.com/docs';

export interface OAuthErrorBody {
  error: string;
  error_description: string;
  error_uri: string;
}

export function toOAuthErrorBody(err: OAuthError): OAuthErrorBody {
  return { error: err.error, error_description: err.description, error_uri: ERROR_URI };
}

/** No tenant has this subdomain: the URL itself is wrong. */
export class UnknownTenant extends OAuthError {
  readonly error = 'invalid_request';
  readonly statusCode = 404;
}

/** What OAuth endpoints say about a body of any other media type (PRODUCT.md §4). */
export const UNSUPPORTED_MEDIA_TYPE =
  'Unsupported Content-Type: send application/json or application/x-www-form-urlencoded.';
