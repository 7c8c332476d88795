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
}

/** Salesforce core answers whose cause the generic hints would misname (sfmc-auth.md §11). */
const CORE_NO_RUN_AS_USER = /no client credentials user enabled/i;
const CORE_FLOW_NOT_ENABLED =
  /client credentials flow (is )?not enabled|client_credentials grant type not supported/i;
const CORE_RUN_AS_HINT =
  'Salesforce core: the connected or external client app has no Run As (execution) user for the client credentials flow; set one by username (not email), ideally an API-only integration user.';
const CORE_FLOW_HINT =
  'Salesforce core: enable "Client Credentials Flow" on the connected or external client app and set its Run As user.';

const GRANT_MISMATCH =
  /integration|server-to-server|web[- ]app|public[- ]app|grant[ _]type|not allowed to use/i;

/**
 * Maps an error answer of a token endpoint to the typed error whose hint names the likely cause.
 *
 * @example
 * ```ts
 * throw tokenErrorFromResponse({ status: 401, body: { oauthError: 'invalid_client' }, grantType: 'client_credentials', secrets: [secret] });
 * ```
 */
export function tokenErrorFromResponse(context: TokenErrorContext): PackgateClientError {
  const { status, body, grantType } = context;
  const description = redactSecrets(body.description ?? '', context.secrets);
  const details: PackgateClientErrorDetails = { status };
  if (body.oauthError !== undefined) details.oauthError = body.oauthError;
  if (body.errorcode !== undefined) details.errorcode = body.errorcode;
  const what =
    body.oauthError ?? (body.errorcode === undefined ? `HTTP ${status}` : `errorcode ${body.errorcode}`);
  const message = `token request (${grantType}) failed: ${what}${description === '' ? '' : `: ${description}`}`;

  if (CORE_FLOW_NOT_ENABLED.test(description)) {
    return new TokenRequestError(message, { ...details, hint: CORE_FLOW_HINT });
  }
  switch (body.oauthError) {
    case 'invalid_client':
    case 'invalid_client_id':
      return /expired/i.test(description)
        ? new SecretExpiredError(message, details)
        : new InvalidClientError(message, details);
    case 'unauthorized_client':
      return new UnauthorizedClientError(message, details);
    case 'invalid_scope':
      return new InvalidScopeError(message, details);
    case 'invalid_grant':
      return invalidGrant(message, description, grantType, details);
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

function invalidGrant(
  message: string,
  description: string,
  grantType: string,
  details: PackgateClientErrorDetails,
): PackgateClientError {
  if (/not supported on this domain/i.test(description)) {
    return new InvalidGrantError(message, {
      ...details,
      hint: 'Salesforce core refuses client_credentials on login.salesforce.com: use your My Domain URL (https://{MyDomain}.my.salesforce.com/).',
    });
  }
  if (CORE_NO_RUN_AS_USER.test(description))
    return new InvalidGrantError(message, { ...details, hint: CORE_RUN_AS_HINT });
  if (grantType === 'client_credentials' || GRANT_MISMATCH.test(description)) {
    return new InvalidGrantError(message, details);
  }
  if (grantType === 'refresh_token') return new RefreshTokenRejectedError(message, details);
  return new InvalidGrantError(message, {
    ...details,
    hint: 'The authorization code is expired (5 minutes), already used, or bound to another redirect_uri or PKCE verifier; if the description names the integration type, the grant does not match it.',
  });
}
