import type { FastifyError, FastifyReply } from 'fastify';
import { AdminError, BadRequest, TooManyRequests } from './admin-errors.js';
import {
  InvalidRequest,
  OAuthError,
  RequestTooLarge,
  ServerError,
  toOAuthErrorBody,
  UNSUPPORTED_MEDIA_TYPE,
} from './oauth-errors.js';

/**
 * The one place error bodies are written. Each surface has its shape — OAuth
 * (`error`/`error_description`/`error_uri`), admin (`error`/`message`/`field`) — but the rules
 * are shared: `Cache-Control: no-store`, anything ≥ 500 hidden behind a generic message with
 * the cause logged, and never a stack trace on the wire.
 */

export interface FrameworkError {
  code?: string;
  statusCode?: number;
  validation?: ReadonlyArray<{ instancePath?: string; params?: Record<string, unknown>; message?: string }>;
}

/** Errors raised by Fastify itself before a handler runs, translated to the domain's words. */
export function describeFrameworkError(
  err: FrameworkError,
): { status: number; message: string; field?: string } | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 400, message: UNSUPPORTED_MEDIA_TYPE };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, message: 'The request body is too large.' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, message: 'The JSON body is empty.' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, message: 'Content-Length does not match the body.' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, message: 'The request body is not valid JSON.' };
  }
  if (err.validation && err.validation.length > 0) {
    const first = err.validation[0];
    const missing = first?.params?.missingProperty;
    const path = `${first?.instancePath ?? ''}${typeof missing === 'string' ? `/${missing}` : ''}`;
    const field = path.replace(/^\//, '').replace(/\//g, '.') || undefined;
    const text = first?.message ?? 'is invalid';
    return {
      status: 400,
      message: field ? `${field}: ${text}` : `Invalid request: ${text}`,
      ...(field ? { field } : {}),
    };
  }
  if (err instanceof SyntaxError && err.statusCode === 400) {
    return { status: 400, message: 'The request body is not valid JSON.' };
  }
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    return { status: err.statusCode, message: 'The request is malformed.' };
  }
  return undefined;
}

function logFailure(reply: FastifyReply, err: unknown): void {
  reply.log.error({ err }, 'request failed');
}

/** A complete HTTP answer, independent of the transport that writes it. */
export interface HttpAnswer {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Any error → the OAuth error it stands for; unknown failures become a logged server_error. */
export function toOAuthError(err: unknown, logFailure: (err: unknown) => void): OAuthError {
  if (err instanceof OAuthError) {
    if (err.statusCode >= 500 && err.cause) logFailure(err.cause);
    return err;
  }
  const known = describeFrameworkError(err as FrameworkError);
  if (known)
    return known.status === 413 ? new RequestTooLarge(known.message) : new InvalidRequest(known.message);
  logFailure(err);
  return new ServerError('The server could not complete the request.');
}

/** RFC 6749 §5.2 error response: JSON body, never cached, a Basic challenge after Basic auth. */
export function oauthErrorAnswer(oauth: OAuthError, authorization: string | undefined): HttpAnswer {
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    pragma: 'no-cache',
  };
  if (oauth.statusCode === 401 && authorization !== undefined && /^Basic/i.test(authorization)) {
    headers['www-authenticate'] = 'Basic realm="packgate"';
  }
  return { statusCode: oauth.statusCode, headers, body: JSON.stringify(toOAuthErrorBody(oauth)) };
}

export function sendOAuthError(reply: FastifyReply, err: unknown): FastifyReply {
  const oauth = toOAuthError(err, (cause) => logFailure(reply, cause));
  return sendAnswer(reply, oauthErrorAnswer(oauth, reply.request.headers.authorization));
}

/** Writes an {@link HttpAnswer} through Fastify. */
export function sendAnswer(reply: FastifyReply, answer: HttpAnswer): FastifyReply {
  return reply.code(answer.statusCode).headers(answer.headers).send(answer.body);
}

export interface AdminErrorBody {
  error: string;
  message: string;
  field?: string;
}

/** The admin API reads JSON only (PRODUCT.md §7); OAuth endpoints also read form bodies. */
export const ADMIN_UNSUPPORTED_MEDIA_TYPE = 'Unsupported Content-Type: the admin API takes application/json.';

export function sendAdminError(reply: FastifyReply, err: unknown): FastifyReply {
  let admin: AdminError;
  if (err instanceof AdminError) admin = err;
  else {
    const described = describeFrameworkError(err as FastifyError);
    const known =
      (err as FastifyError).code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' && described
        ? { ...described, message: ADMIN_UNSUPPORTED_MEDIA_TYPE }
        : described;
    if (!known) {
      logFailure(reply, err);
      return reply
        .code(500)
        .header('cache-control', 'no-store')
        .send({ error: 'internal_error', message: 'The server could not complete the request.' });
    }
    const status = known.status;
    return reply
      .code(status)
      .header('cache-control', 'no-store')
      .send({
        error:
          status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'bad_request',
        message: known.message,
        ...(known.field ? { field: known.field } : {}),
      } satisfies AdminErrorBody);
  }
  if (admin instanceof TooManyRequests) reply.header('retry-after', String(admin.retryAfterSeconds));
  return reply
    .code(admin.statusCode)
    .header('cache-control', 'no-store')
    .send({ error: admin.code, message: admin.message, ...(admin.field ? { field: admin.field } : {}) });
}

export { BadRequest };
