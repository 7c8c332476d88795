import { PackgateClientError, type PackgateClientErrorDetails } from './packgate-client-error.js';

/**
 * A request got no answer within its timeout (`AbortSignal.timeout`).
 * @example
 * ```ts
 * if (e instanceof RequestTimeoutError) console.error(e.hint); // wrong auth domain?
 * ```
 */
export class RequestTimeoutError extends PackgateClientError {
  constructor(message: string, details?: PackgateClientErrorDetails) {
    super('ERR_TIMEOUT', message, details);
  }
}

/**
 * DNS failure, refused or reset connection, TLS failure: the host could not be reached.
 * @example
 * ```ts
 * if (e instanceof NetworkError) console.error(e.hint);
 * ```
 */
export class NetworkError extends PackgateClientError {
  constructor(message: string, details?: PackgateClientErrorDetails) {
    super('ERR_NETWORK', message, details);
  }
}
