import { PackgateClientError, type PackgateClientErrorDetails } from './packgate-client-error.js';

/**
 * The authorization callback carried `error` (e.g. `access_denied`, `invalid_request`).
 * @example
 * ```ts
 * if (e instanceof AuthorizationDeniedError) showLoginAgain();
 * ```
 */
export class AuthorizationDeniedError extends PackgateClientError {
  constructor(message: string, details?: PackgateClientErrorDetails) {
    super('ERR_AUTHORIZATION_DENIED', message, details);
  }
}

/**
 * The callback's `state` differs from the one sent with the authorization request (or is missing).
 * @example
 * ```ts
 * if (e instanceof StateMismatchError) res.status(400).end();
 * ```
 */
export class StateMismatchError extends PackgateClientError {
  constructor(message: string) {
    super('ERR_STATE_MISMATCH', message);
  }
}

/**
 * A user session has no refresh token to refresh with.
 * @example
 * ```ts
 * if (e instanceof NoRefreshTokenError) redirectToLogin();
 * ```
 */
export class NoRefreshTokenError extends PackgateClientError {
  constructor(message: string) {
    super('ERR_NO_REFRESH_TOKEN', message);
  }
}

/**
 * The rotation callback failed; the new refresh token is kept in memory and persisted again later.
 * @example
 * ```ts
 * onPersistError: (e: RotationNotPersistedError) => log.warn(e.message)
 * ```
 */
export class RotationNotPersistedError extends PackgateClientError {
  constructor(message: string, details?: PackgateClientErrorDetails) {
    super('ERR_ROTATION_NOT_PERSISTED', message, details);
  }
}
