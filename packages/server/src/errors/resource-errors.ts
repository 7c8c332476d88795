import type { FastifyReply } from 'fastify';
import { describeFrameworkError, type FrameworkError, type HttpAnswer, sendAnswer } from './send-error.js';

/**
 * Errors of the REST resource API in Marketing Cloud's shape
 * `{message, errorcode, documentation[, additionalErrors]}` (sfmc-auth.md §6.2). The HTTP status
 * and the errorcode are fixed by the subclass; throw sites only say what went wrong.
 */
export const ERROR_HANDLING_DOC =
  'https://developer.salesforce.com/docs/atlas.en-us.mc-apis.meta/mc-apis/error-handling.htm';

export interface AdditionalError {
  readonly message: string;
  readonly errorcode: number;
  readonly documentation: string;
}

export abstract class ResourceError extends Error {
  abstract readonly statusCode: number;
  abstract readonly errorcode: number;
  readonly documentation: string = '';
  readonly additionalErrors: readonly AdditionalError[] | undefined;
  /** Seconds until a retry may succeed: sent as `Retry-After` (throttling errors only). */
  readonly retryAfterSeconds: number | undefined = undefined;

  constructor(message: string, options?: ErrorOptions & { additionalErrors?: readonly AdditionalError[] }) {
    super(message, options);
    this.name = new.target.name;
    this.additionalErrors = options?.additionalErrors;
  }
}

/** 401/0: token missing, malformed, expired, revoked, or its tenant/BU no longer exists. */
export class NotAuthorized extends ResourceError {
  readonly statusCode = 401;
  readonly errorcode = 0;
  override readonly documentation = ERROR_HANDLING_DOC;
  /** Whether a token was sent at all (RFC 6750 §3.1: no error attribute without one). */
  readonly tokenSent: boolean;

  constructor(tokenSent: boolean, options?: ErrorOptions) {
    super('Not Authorized', options);
    this.tokenSent = tokenSent;
  }
}

/** 403/40002: the token belongs to another tenant than the endpoint it was sent to. */
export class WrongTenant extends ResourceError {
  readonly statusCode = 403;
  readonly errorcode = 40002;
}

/** 403/20002: the token lacks the scope the route needs. */
export class InsufficientPrivileges extends ResourceError {
  readonly statusCode = 403;
  readonly errorcode = 20002;
}

/** 400/10000: one thing about the request is invalid. */
export class ValidationFailed extends ResourceError {
  readonly statusCode = 400;
  readonly errorcode = 10000;
}

/** 400/10006: several things are invalid; one `additionalErrors` entry each. */
export class AggregateValidationFailed extends ResourceError {
  readonly statusCode = 400;
  readonly errorcode = 10006;
}

/** 413/10000: the body is larger than the route accepts. */
export class PayloadTooLarge extends ResourceError {
  readonly statusCode = 413;
  readonly errorcode = 10000;
}

/** 415/10000: the body is not JSON. */
export class UnsupportedMediaType extends ResourceError {
  readonly statusCode = 415;
  readonly errorcode = 10000;
}

/** 404/30003: no such resource (endpoint type, data extension, row, async request, route). */
export class ResourceNotFound extends ResourceError {
  readonly statusCode = 404;
  readonly errorcode = 30003;
}

/** 409/30004: the resource already exists. */
export class ResourceExists extends ResourceError {
  readonly statusCode = 409;
  readonly errorcode = 30004;
}

/** 429/50100 with `Retry-After` and `retryAfter` (seconds): the resource API's per-client limit. */
export class RateLimited extends ResourceError {
  readonly statusCode = 429;
  readonly errorcode = 50100;
  override readonly documentation = ERROR_HANDLING_DOC;
  override readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super('Rate limit exceeded');
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * 429/50200 with `Retry-After`: the token endpoint's per-client limit. Marketing Cloud answers a
 * throttled `v2/token` in this REST shape, not the OAuth one (sfmc-auth.md §6.1), and clients such
 * as sfmc-sdk read either; the body carries no `retryAfter`, as observed.
 */
export class RequestsBlocked extends ResourceError {
  readonly statusCode = 429;
  readonly errorcode = 50200;
  override readonly documentation = ERROR_HANDLING_DOC;
  override readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super('Your requests are temporarily blocked.');
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** 500/30000: hidden behind a generic message; the cause is logged, never sent. */
export class InternalResourceError extends ResourceError {
  readonly statusCode = 500;
  readonly errorcode = 30000;
}

export interface ResourceErrorBody {
  message: string;
  errorcode: number;
  documentation: string;
  additionalErrors?: AdditionalError[];
  retryAfter?: number;
}

export function additionalError(message: string): AdditionalError {
  return { message, errorcode: 10000, documentation: '' };
}

/**
 * The serializer of Marketing Cloud's REST error shape (resource API, and the token endpoint's
 * throttle): `Cache-Control: no-store`, the RFC 6750 challenge on 401, `Retry-After` on 429.
 * Pure, so the token endpoint can answer with it outside Fastify.
 */
export function resourceErrorAnswer(error: ResourceError, realm: string): HttpAnswer {
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  };
  if (error instanceof NotAuthorized) {
    headers['www-authenticate'] =
      `Bearer realm="${realm}"${error.tokenSent ? ', error="invalid_token"' : ''}`;
  }
  const body: ResourceErrorBody = {
    message: error.message,
    errorcode: error.errorcode,
    documentation: error.documentation,
  };
  if (error.additionalErrors) body.additionalErrors = [...error.additionalErrors];
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
  if (error instanceof RateLimited) body.retryAfter = error.retryAfterSeconds;
  return { statusCode: error.statusCode, headers, body: JSON.stringify(body) };
}

/** Names the limit a client ran into (sfmc-auth.md §10.3: 5 MB for synchronous rows). */
function tooLargeMessage(bodyLimitBytes: number | undefined): string {
  if (bodyLimitBytes === undefined) return 'The request body exceeds the limit of this route.';
  const mebibytes = bodyLimitBytes / (1024 * 1024);
  const limit = Number.isInteger(mebibytes) ? `${mebibytes} MB` : `${bodyLimitBytes} bytes`;
  return `The request body is larger than ${limit}, the limit of this route: send fewer rows per request.`;
}

/** The REST resource API's error handler: any error → its REST shape; anything ≥ 500 hidden and logged. */
export function sendResourceError(reply: FastifyReply, err: unknown, realm: string): FastifyReply {
  let error: ResourceError;
  if (err instanceof ResourceError) error = err;
  else {
    const known = describeFrameworkError(err as FrameworkError);
    if (known?.status === 413)
      error = new PayloadTooLarge(tooLargeMessage(reply.request.routeOptions.bodyLimit));
    else if (known?.status === 400 && (err as FrameworkError).code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      error = new UnsupportedMediaType('Unsupported Content-Type: send application/json.');
    else if (known) error = new ValidationFailed(known.message);
    else error = new InternalResourceError('An error occurred. Try again later.', { cause: err });
  }
  if (error.statusCode >= 500) reply.log.error({ err: error.cause ?? error }, 'resource request failed');
  return sendAnswer(reply, resourceErrorAnswer(error, realm));
}
