import { RateLimitedError, ServiceUnavailableError } from './api-errors.js';
import {
  type PackgateClientError,
  type PackgateClientErrorDetails,
  redactSecrets,
} from './packgate-client-error.js';
import type { ErrorBody } from './parse-error-body.js';
import {
  InvalidClientError,
  InvalidGrantError,
  InvalidResponseError,
  InvalidScopeError,
  RefreshTokenRejectedError,
  SecretExpiredError,
  TokenRequestError,
  UnauthorizedClientError,
} from './token-errors.js';
import { findTokenFailureCause, type TokenFailure } from './token-failure-causes.js';

/** What {@link tokenErrorFromResponse} needs to know about the failed token request. */
export interface TokenErrorContext {
  /** HTTP status of the answer. */
  status: number;
  /** The parsed error body. */
  body: ErrorBody;
  /** The grant that was requested. */
  grantType: string;
  /** Values that must never appear in the message (client secret, refresh token, code, …). */
  secrets: readonly (string | undefined)[];
  /** `Retry-After` in milliseconds, if the answer carried one. */
  retryAfterMs?: number | undefined;
  /** The `account_id` that was sent, named in business-unit hints. */
  accountId?: string | number | undefined;
  /** The token endpoint's URL, named when the answer is not an OAuth one (a wrong base URI). */
  endpoint?: string | undefined;
}

/**
 * Maps an error answer of a token endpoint to the typed error whose hint names the likely cause
 * (the hints come from the one table in `token-failure-causes.ts`).
 *
 * @example
 * ```ts
 * throw tokenErrorFromResponse({ status: 401, body: { oauthError: 'invalid_client' }, grantType: 'client_credentials', secrets: [secret] });
 * ```
 */
export function tokenErrorFromResponse(context: TokenErrorContext): PackgateClientError {
  const { status, body, grantType } = context;
  const description = redactSecrets(body.description ?? '', context.secrets);
  const failure: TokenFailure = {
    status,
    oauthError: body.oauthError,
    description,
    grantType,
    accountId: context.accountId,
  };
  const details: PackgateClientErrorDetails = { status };
  if (body.oauthError !== undefined) details.oauthError = body.oauthError;
  if (body.errorcode !== undefined) details.errorcode = body.errorcode;
  // One pass over the table: the row names both the error class and the hint.
  const row = findTokenFailureCause(failure);
  const cause = row?.cause;
  const hint = row?.hint?.(failure);
  if (hint !== undefined) details.hint = hint;
  // The same shape as REST failures (`failed: HTTP 403 (20002): …`), with the OAuth code after the status.
  const code = `${body.oauthError === undefined ? '' : ` ${body.oauthError}`}${body.errorcode === undefined ? '' : ` (${body.errorcode})`}`;
  const notOAuth = body.oauthError === undefined || cause === 'not-a-token-endpoint';
  const where = notOAuth && context.endpoint !== undefined ? ` at ${context.endpoint}` : '';
  const message = `token request (${grantType}) failed: HTTP ${status}${code}${where}${description === '' ? '' : `: ${description}`}`;

  switch (cause) {
    case 'salesforce-core-flow-disabled':
      return new TokenRequestError(message, details);
    case 'secret-expired':
      return new SecretExpiredError(message, details);
    case 'refresh-token-rejected':
      return new RefreshTokenRejectedError(message, details);
    case 'not-a-token-endpoint':
      return new InvalidResponseError(message, details);
    default:
      break;
  }
  switch (body.oauthError) {
    case 'invalid_client':
    case 'invalid_client_id':
      return new InvalidClientError(message, details);
    case 'unauthorized_client':
      return new UnauthorizedClientError(message, details);
    case 'invalid_scope':
      return new InvalidScopeError(message, details);
    case 'invalid_grant':
      return new InvalidGrantError(message, details);
    case undefined:
      break;
    default:
      return new TokenRequestError(message, details);
  }
  if (status === 429) return new RateLimitedError(message, context.retryAfterMs, details);
  if (status === 503) return new ServiceUnavailableError(message, details);
  if (status === 401) return new InvalidClientError(message, details);
  if (status >= 500) return new TokenRequestError(message, details);
  return new InvalidResponseError(`${message} (not an OAuth error answer)`, details);
}
