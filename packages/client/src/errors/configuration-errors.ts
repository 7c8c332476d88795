import { PackgateClientError, type PackgateClientErrorDetails } from './packgate-client-error.js';

/**
 * An option is missing or invalid (a base URI that is not an absolute https URL, an empty client id, …).
 *
 * @example
 * ```ts
 * createTokenProvider({ authBaseUri: 'not a url', clientId: 'x' }); // throws ConfigurationError
 * ```
 */
export class ConfigurationError extends PackgateClientError {
  constructor(message: string, details?: PackgateClientErrorDetails) {
    super('ERR_INVALID_CONFIGURATION', message, details);
  }
}

/**
 * A tenant subdomain (`tssd`) failed validation, so no host was built from it.
 *
 * @example
 * ```ts
 * checkTssd('evil.com/'); // throws InvalidTssdError
 * ```
 */
export class InvalidTssdError extends PackgateClientError {
  constructor(message: string) {
    super('ERR_INVALID_TSSD', message);
  }
}
