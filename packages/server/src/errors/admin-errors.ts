/**
 * Errors of the operator admin API (`/admin/v1`). Body: `{ error, message, field? }` with a
 * stable machine code; the status is fixed by the subclass.
 */
export abstract class AdminError extends Error {
  abstract readonly statusCode: number;
  abstract readonly code: string;
  readonly field: string | undefined;

  constructor(message: string, options?: ErrorOptions & { field?: string }) {
    super(message, options);
    this.name = new.target.name;
    this.field = options?.field;
  }
}

export class BadRequest extends AdminError {
  readonly statusCode = 400;
  readonly code = 'bad_request';
}

export class Unauthenticated extends AdminError {
  readonly statusCode = 401;
  readonly code = 'unauthenticated';
}

export class NotFound extends AdminError {
  readonly statusCode = 404;
  readonly code = 'not_found';
}

export class Conflict extends AdminError {
  readonly statusCode = 409;
  readonly code = 'conflict';
}

/** A spent budget; the answer carries `Retry-After: retryAfterSeconds`. */
export class TooManyRequests extends AdminError {
  readonly statusCode = 429;
  readonly code = 'too_many_requests';
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
