import { ConfigurationError } from '../errors/configuration-errors.js';
import { ADMIN_OPERATIONS } from './generated/admin-operations.js';

/** An admin API call as it goes on the wire: method, path below the base URL (with query) and JSON body. */
export interface AdminWireRequest {
  /** HTTP method. */
  method: string;
  /** Path and query, relative to the server's base URL (`admin/v1/tenants/mc…/packages?limit=100`). */
  path: string;
  /** The JSON text of the body, when the operation takes one. */
  body: string | undefined;
}

type Input = Record<string, unknown> & { query?: unknown; body?: unknown };

/** The operation's table entry; a name that is no operation (from untyped callers) is refused. */
export function adminOperation(operationId: string) {
  if (!Object.hasOwn(ADMIN_OPERATIONS, operationId)) {
    throw new ConfigurationError(`"${operationId.slice(0, 100)}" is not an operation of the admin API`);
  }
  return ADMIN_OPERATIONS[operationId as keyof typeof ADMIN_OPERATIONS];
}

/**
 * Turns an operation and its input into the wire request: path parameters percent-encoded into
 * the template, query values as text, the body as JSON (`{}` when the operation takes a body and
 * none was given, so an all-optional body need not be spelled out).
 *
 * @example
 * ```ts
 * buildAdminRequest('getPackage', { sub: 'mcabc', id: 'a/b' });
 * // { method: 'GET', path: 'admin/v1/tenants/mcabc/packages/a%2Fb', body: undefined }
 * ```
 */
export function buildAdminRequest(operationId: string, input: Input = {}): AdminWireRequest {
  const operation = adminOperation(operationId);
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = input[name];
    if ((typeof value !== 'string' && typeof value !== 'number') || String(value) === '') {
      throw new ConfigurationError(`${operationId}: the path parameter "${name}" is required`);
    }
    return encodeURIComponent(String(value));
  });
  const query = new URLSearchParams();
  if (input.query !== undefined) {
    if (typeof input.query !== 'object' || input.query === null) {
      throw new ConfigurationError(`${operationId}: query must be an object`);
    }
    for (const [name, value] of Object.entries(input.query)) {
      if (value !== undefined) query.set(name, String(value));
    }
  }
  const search = query.size === 0 ? '' : `?${query}`;
  const takesBody = 'body' in operation;
  if (!takesBody && input.body !== undefined) {
    throw new ConfigurationError(`${operationId}: this operation takes no body`);
  }
  return {
    method: operation.method,
    path: `${path.replace(/^\//, '')}${search}`,
    body: takesBody ? JSON.stringify(input.body === undefined ? {} : input.body) : undefined,
  };
}
