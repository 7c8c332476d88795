import {
  AdminApiError,
  type AdminApiErrorDetails,
  AdminBadRequestError,
  AdminConflictError,
  AdminNotFoundError,
  AdminRateLimitedError,
  AdminUnauthenticatedError,
} from './admin-errors.js';
import { redactSecrets } from './packgate-client-error.js';

/** What {@link adminErrorFromResponse} needs to know about the failed call. */
export interface AdminErrorContext {
  /** HTTP status. */
  status: number;
  /** The body as text (`{ error, message, field? }` from Packgate; anything else is tolerated). */
  text: string;
  /** The operation that failed. */
  operationId: string;
  /** `METHOD path` of the call, for the message. */
  request: string;
  /** `Retry-After` in ms, when sent. */
  retryAfterMs?: number | undefined;
  /** Values that must never appear in the message (the operator key). */
  secrets?: readonly (string | undefined)[];
}

/** The admin error body, each field kept only when it has the expected type. */
function parseAdminErrorBody(text: string): { error?: string; message?: string; field?: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const body = value as Record<string, unknown>;
  const text200 = (v: unknown) => (typeof v === 'string' && v !== '' ? v.slice(0, 200) : undefined);
  const out: { error?: string; message?: string; field?: string } = {};
  const error = text200(body.error);
  const message = typeof body.message === 'string' ? body.message : undefined;
  const field = text200(body.field);
  if (error !== undefined) out.error = error;
  if (message !== undefined) out.message = message;
  if (field !== undefined) out.field = field;
  return out;
}

/**
 * Maps a non-2xx admin API answer to a typed error carrying the status, the body's `error` code
 * and the `field` it named: 400 → {@link AdminBadRequestError}, 401 → {@link AdminUnauthenticatedError},
 * 404 → {@link AdminNotFoundError}, 409 → {@link AdminConflictError}, 429 → {@link AdminRateLimitedError},
 * anything else → {@link AdminApiError}. The message passes through {@link redactSecrets}.
 *
 * @example
 * ```ts
 * adminErrorFromResponse({ status: 409, text: '{"error":"conflict","message":"taken","field":"username"}',
 *   operationId: 'createUser', request: 'POST admin/v1/tenants/mc…/users' }); // AdminConflictError, field 'username'
 * ```
 */
export function adminErrorFromResponse(context: AdminErrorContext): AdminApiError {
  const { status } = context;
  const body = parseAdminErrorBody(context.text);
  const description = redactSecrets(body.message ?? '', context.secrets);
  const message = `${context.request} failed: HTTP ${status}${body.error === undefined ? '' : ` (${body.error})`}${
    description === '' ? '' : `: ${description}`
  }`;
  const details: AdminApiErrorDetails = {
    status,
    adminError: body.error,
    field: body.field,
    serverMessage: description === '' ? undefined : description,
    operationId: context.operationId,
  };
  if (status === 400) return new AdminBadRequestError(message, details);
  if (status === 401) return new AdminUnauthenticatedError(message, details);
  if (status === 404) return new AdminNotFoundError(message, details);
  if (status === 409) return new AdminConflictError(message, details);
  if (status === 429) return new AdminRateLimitedError(message, context.retryAfterMs, details);
  return new AdminApiError(message, details);
}
