import { OAuthError } from '../errors/oauth-errors.js';
import {
  ERROR_HANDLING_DOC,
  InsufficientPrivileges,
  NotAuthorized,
  RateLimited,
  RequestsBlocked,
  ResourceError,
  resourceErrorAnswer,
  ValidationFailed,
} from '../errors/resource-errors.js';
import { type HttpAnswer, oauthErrorAnswer } from '../errors/send-error.js';
import { SoapFault } from '../errors/soap-faults.js';

/**
 * The bodies of injected `status` faults, in the shape of the surface they are sent on
 * (sfmc-auth.md §6): what a client would get from Marketing Cloud for that status. These error
 * classes are the one exception to "the subclass fixes the status": choosing it is the point.
 * They go to the serializers directly (never the error handlers), so an injected 500 is not
 * logged as a server failure.
 */

/** Seconds in `Retry-After` of injected 429 and 503 answers (the value in Marketing Cloud's docs). */
export const INJECTED_RETRY_AFTER_SECONDS = 5;

class InjectedOAuthError extends OAuthError {
  readonly error: string;
  readonly statusCode: number;
  constructor(statusCode: number, error: string, description: string) {
    super(description);
    this.statusCode = statusCode;
    this.error = error;
  }
}

const OAUTH_BY_STATUS: Readonly<Record<number, readonly [string, string]>> = {
  400: ['invalid_request', 'The request is invalid.'],
  401: [
    'invalid_client',
    'Client authentication failed. Make sure that the client ID and client secret are valid and that the package is installed and enabled.',
  ],
  403: ['access_denied', 'The request was denied.'],
  500: ['server_error', 'The server could not complete the request.'],
  503: ['temporarily_unavailable', 'The server is temporarily unavailable. Try again later.'],
};

/** `v2/token` and `v2/authorize`: the OAuth error body; 429 in the REST shape (§6.1, 50200). */
export function oauthFaultAnswer(
  status: number,
  authorization: string | undefined,
  realm: string,
): HttpAnswer {
  if (status === 429) return resourceErrorAnswer(new RequestsBlocked(INJECTED_RETRY_AFTER_SECONDS), realm);
  const [error, description] =
    OAUTH_BY_STATUS[status] ??
    (status < 500
      ? ['invalid_request', 'The request is invalid.']
      : ['server_error', 'The server could not complete the request.']);
  const answer = oauthErrorAnswer(new InjectedOAuthError(status, error, description), authorization);
  if (status !== 503) return answer;
  return { ...answer, headers: { ...answer.headers, 'retry-after': String(INJECTED_RETRY_AFTER_SECONDS) } };
}

class InjectedResourceError extends ResourceError {
  readonly statusCode: number;
  readonly errorcode: number;
  override readonly documentation = ERROR_HANDLING_DOC;
  override readonly retryAfterSeconds: number | undefined;
  constructor(statusCode: number, errorcode: number, message: string, retryAfterSeconds?: number) {
    super(message);
    this.statusCode = statusCode;
    this.errorcode = errorcode;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The REST error Marketing Cloud sends with `status` (sfmc-auth.md §6.2 table). */
export function restFaultError(status: number): ResourceError {
  switch (status) {
    case 400:
      return new ValidationFailed('The request is invalid.');
    case 401:
      return new NotAuthorized(true);
    case 403:
      return new InsufficientPrivileges('Insufficient Privileges to complete this action.');
    case 404:
      return new InjectedResourceError(404, 30003, 'The requested resource was not found.');
    case 429:
      return new RateLimited(INJECTED_RETRY_AFTER_SECONDS);
    case 503:
      return new InjectedResourceError(503, 50300, 'Service unavailable', INJECTED_RETRY_AFTER_SECONDS);
  }
  return status < 500
    ? new InjectedResourceError(status, 10000, 'The request is invalid.')
    : new InjectedResourceError(status, 30000, 'An error occurred. Try again later.');
}

export function restFaultAnswer(status: number, realm: string): HttpAnswer {
  return resourceErrorAnswer(restFaultError(status), realm);
}

/** A SOAP fault on the injected status: `soap:Client` below 500, `soap:Server` from 500. */
export class InjectedSoapFault extends SoapFault {
  readonly faultcode: 'soap:Client' | 'soap:Server';
  override readonly httpStatus: number;
  constructor(status: number) {
    super(status < 500 ? 'The request could not be processed.' : 'An error occurred. Try again later.');
    this.httpStatus = status;
    this.faultcode = status < 500 ? 'soap:Client' : 'soap:Server';
  }
}
