import type { ErrorCode } from './error-codes.js';
import { PackgateClientError, type PackgateClientErrorDetails } from './packgate-client-error.js';

/** Details of an {@link AdminApiError}: the status and what the server's `{ error, message, field }` said. */
export interface AdminApiErrorDetails extends PackgateClientErrorDetails {
  /** HTTP status of the answer. */
  status: number;
  /** The body's `error` code (`bad_request`, `not_found`, `conflict`, …). */
  adminError?: string | undefined;
  /** The request field the server named (`name`, `scopes.0`, `redirectUris`, …). */
  field?: string | undefined;
  /** The body's `message`, with anything secret-like redacted. */
  serverMessage?: string | undefined;
  /** The operation that failed (`createPackage`, …). */
  operationId: string;
}

/**
 * The admin API answered with an error. Subclasses fix the status: {@link AdminBadRequestError} 400,
 * {@link AdminUnauthenticatedError} 401, {@link AdminNotFoundError} 404, {@link AdminConflictError} 409,
 * {@link AdminRateLimitedError} 429; any other status is this class (`ERR_ADMIN_API_ERROR`).
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof AdminApiError) console.error(e.status, e.adminError, e.field, e.hint); }
 * ```
 */
export class AdminApiError extends PackgateClientError {
  /** HTTP status of the answer. */
  declare readonly status: number;
  /** The body's `error` code (`bad_request`, `not_found`, `conflict`, `too_many_requests`, …). */
  readonly adminError: string | undefined;
  /** The request field the server named, when it named one (`name`, `scopes.0`, `key`, …). */
  readonly field: string | undefined;
  /** The body's `message` (secret-like values redacted), for showing without the request prefix. */
  readonly serverMessage: string | undefined;
  /** The operation that failed (`createPackage`, …). */
  readonly operationId: string;

  /** `code` is fixed by the subclasses; other statuses are `ERR_ADMIN_API_ERROR`. */
  constructor(message: string, details: AdminApiErrorDetails, code: ErrorCode = 'ERR_ADMIN_API_ERROR') {
    super(code, message, details);
    this.adminError = details.adminError;
    this.field = details.field;
    this.serverMessage = details.serverMessage;
    this.operationId = details.operationId;
  }
}

/**
 * 400: the request is invalid; `field` names the field the server rejected, when it named one.
 * @example
 * ```ts
 * if (e instanceof AdminBadRequestError && e.field === 'name') askForAnotherName();
 * ```
 */
export class AdminBadRequestError extends AdminApiError {
  constructor(message: string, details: AdminApiErrorDetails) {
    super(message, details, 'ERR_ADMIN_BAD_REQUEST');
  }
}

/**
 * 401: the operator key is missing or wrong. The message never contains the key.
 * @example
 * ```ts
 * if (e instanceof AdminUnauthenticatedError) console.error(e.hint);
 * ```
 */
export class AdminUnauthenticatedError extends AdminApiError {
  constructor(message: string, details: AdminApiErrorDetails) {
    super(message, details, 'ERR_ADMIN_UNAUTHENTICATED');
  }
}

/**
 * 404: no such tenant, package, integration, secret or user (or, for `getHostMode`, no host mode).
 * @example
 * ```ts
 * const pkg = await admin.getPackage({ sub, id }).catch((e) => (e instanceof AdminNotFoundError ? undefined : Promise.reject(e)));
 * ```
 */
export class AdminNotFoundError extends AdminApiError {
  constructor(message: string, details: AdminApiErrorDetails) {
    super(message, details, 'ERR_ADMIN_NOT_FOUND');
  }
}

/**
 * 409: it already exists or its state forbids the change; `field` names the clashing field when known.
 * @example
 * ```ts
 * if (e instanceof AdminConflictError && e.field === 'username') reuseTheExistingUser();
 * ```
 */
export class AdminConflictError extends AdminApiError {
  constructor(message: string, details: AdminApiErrorDetails) {
    super(message, details, 'ERR_ADMIN_CONFLICT');
  }
}

/**
 * 429: throttled (wrong operator keys from this address, secret rotations too close together).
 * @example
 * ```ts
 * if (e instanceof AdminRateLimitedError) await sleep(e.retryAfterMs ?? 60_000);
 * ```
 */
export class AdminRateLimitedError extends AdminApiError {
  /** The delay the server asked for (`Retry-After`), in milliseconds, when it sent one. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, retryAfterMs: number | undefined, details: AdminApiErrorDetails) {
    super(message, details, 'ERR_ADMIN_RATE_LIMITED');
    this.retryAfterMs = retryAfterMs;
  }
}
