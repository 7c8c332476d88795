import { PackgateClientError, type PackgateClientErrorDetails } from './packgate-client-error.js';

/**
 * A REST call was answered 401 even after one retry with a freshly issued token.
 * @example
 * ```ts
 * if (e instanceof NotAuthorizedError) console.error(e.hint);
 * ```
 */
export class NotAuthorizedError extends PackgateClientError {
  constructor(message: string, details?: PackgateClientErrorDetails) {
    super('ERR_NOT_AUTHORIZED', message, details);
  }
}

/**
 * 403: the token lacks a scope the call needs (Marketing Cloud errorcode 20002). Never retried.
 * @example
 * ```ts
 * if (e instanceof InsufficientScopeError) console.error(e.hint);
 * ```
 */
export class InsufficientScopeError extends PackgateClientError {
  constructor(message: string, details?: PackgateClientErrorDetails) {
    super('ERR_INSUFFICIENT_SCOPE', message, details);
  }
}

/**
 * 429 after the bounded retries (or with a `Retry-After` longer than allowed).
 * @example
 * ```ts
 * if (e instanceof RateLimitedError) scheduleLater(e.retryAfterMs);
 * ```
 */
export class RateLimitedError extends PackgateClientError {
  /** Delay the server asked for, in milliseconds, when it sent `Retry-After`. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, retryAfterMs: number | undefined, details?: PackgateClientErrorDetails) {
    super('ERR_RATE_LIMITED', message, details);
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * 503 after the bounded retries.
 * @example
 * ```ts
 * if (e instanceof ServiceUnavailableError) scheduleLater();
 * ```
 */
export class ServiceUnavailableError extends PackgateClientError {
  constructor(message: string, details?: PackgateClientErrorDetails) {
    super('ERR_SERVICE_UNAVAILABLE', message, details);
  }
}

/**
 * Any other non-2xx REST answer; `errorcode` and `status` tell which.
 * @example
 * ```ts
 * if (e instanceof ApiError && e.errorcode === 30003) return undefined; // not found
 * ```
 */
export class ApiError extends PackgateClientError {
  constructor(message: string, details?: PackgateClientErrorDetails) {
    super('ERR_API_ERROR', message, details);
  }
}

/**
 * A SOAP fault other than a recovered "Token Expired".
 * @example
 * ```ts
 * if (e instanceof SoapFaultError) console.error(e.faultcode, e.faultstring);
 * ```
 */
export class SoapFaultError extends PackgateClientError {
  /** The fault's `faultcode` (e.g. `q0:Security`). */
  readonly faultcode: string;
  /** The fault's `faultstring` (e.g. `Token Expired`). */
  readonly faultstring: string;
  constructor(faultcode: string, faultstring: string, details?: PackgateClientErrorDetails) {
    super('ERR_SOAP_FAULT', `SOAP fault ${faultcode}: ${faultstring}`, details);
    this.faultcode = faultcode;
    this.faultstring = faultstring;
  }
}
