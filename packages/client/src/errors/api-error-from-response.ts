import {
  ApiError,
  InsufficientScopeError,
  NotAuthorizedError,
  RateLimitedError,
  ServiceUnavailableError,
} from './api-errors.js';
import {
  type PackgateClientError,
  type PackgateClientErrorDetails,
  redactSecrets,
} from './packgate-client-error.js';
import type { ErrorBody } from './parse-error-body.js';

/** What {@link apiErrorFromResponse} needs to know about the failed call. */
export interface ApiErrorContext {
  /** HTTP status. */
  status: number;
  /** Parsed body (either shape). */
  body: ErrorBody;
  /** `METHOD path` of the call, for the message. */
  request: string;
  /** `Retry-After` in ms, when sent. */
  retryAfterMs?: number | undefined;
  /** Values that must never appear in the message (the bearer token the call used). */
  secrets?: readonly (string | undefined)[];
}

/**
 * Maps a non-2xx resource API answer to a typed error: 401 → {@link NotAuthorizedError}, 403 missing
 * scope → {@link InsufficientScopeError}, 429 → {@link RateLimitedError}, 503 →
 * {@link ServiceUnavailableError}, anything else → {@link ApiError}. Reads both error shapes.
 *
 * @example
 * ```ts
 * throw apiErrorFromResponse({ status: 403, body: { errorcode: 20002 }, request: 'GET data/v1/x' });
 * ```
 */
export function apiErrorFromResponse(context: ApiErrorContext): PackgateClientError {
  const { status, body } = context;
  const details: PackgateClientErrorDetails = { status };
  if (body.errorcode !== undefined) details.errorcode = body.errorcode;
  if (body.oauthError !== undefined) details.oauthError = body.oauthError;
  const code = body.errorcode ?? body.errorCodeName ?? body.oauthError;
  const description = redactSecrets(body.description ?? '', context.secrets);
  const message = `${context.request} failed: HTTP ${status}${code === undefined ? '' : ` (${code})`}${
    description === '' ? '' : `: ${description}`
  }`;
  if (status === 401) return new NotAuthorizedError(message, details);
  if (status === 403) {
    if (body.errorcode === 40002) {
      return new ApiError(message, {
        ...details,
        hint: 'The token belongs to another tenant or stack: call the REST/SOAP base URI returned with the token.',
      });
    }
    if (
      body.errorcode === undefined ||
      body.errorcode === 20002 ||
      body.oauthError === 'insufficient_scope'
    ) {
      return new InsufficientScopeError(message, details);
    }
  }
  if (status === 429) return new RateLimitedError(message, context.retryAfterMs, details);
  if (status === 503) return new ServiceUnavailableError(message, details);
  return new ApiError(message, details);
}
