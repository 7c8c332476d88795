import { adminErrorFromResponse } from '../errors/admin-error-from-response.js';
import { ConfigurationError } from '../errors/configuration-errors.js';
import { InvalidResponseError } from '../errors/token-errors.js';
import { NetworkError, RequestTimeoutError } from '../errors/transport-errors.js';
import type { FetchLike } from '../http/fetch-like.js';
import { parseRetryAfter } from '../http/retry-after.js';
import { readText, sendRequest } from '../http/send-request.js';
import { joinUrl } from '../urls/join-url.js';
import { isLoopbackHost, normalizeBaseUri } from '../urls/normalize-base-uri.js';
import type {
  AdminArguments,
  AdminCallOptions,
  AdminOperationId,
  AdminOperations,
  AdminPagedOperationId,
  AdminPageItem,
  AdminResponse,
} from './admin-types.js';
import { adminOperation, buildAdminRequest } from './build-admin-request.js';
import { ADMIN_OPERATIONS } from './generated/admin-operations.js';

/** Options of {@link createAdminClient}. */
export interface AdminClientOptions {
  /** The Packgate server (`https://packgate.example.com`, or `http://127.0.0.1:8787` on this machine). */
  baseUrl: string;
  /** The operator key (`{dataDir}/admin-key`, or the server's `PACKGATE_ADMIN_KEY`). Never in a message. */
  adminKey: string;
  /** The fetch implementation (default: the global `fetch`). */
  fetch?: FetchLike;
  /** Give up on a call after this many milliseconds (default 30 000). */
  timeoutMs?: number;
}

/**
 * A typed client of the Packgate admin API (`/admin/v1`): one method per operation, named after
 * its `operationId`, with request and response types generated from the server's OpenAPI document.
 */
export interface AdminClient extends AdminOperations {
  /**
   * Calls an operation by name; the same as `client[operationId](input)`.
   * @example
   * ```ts
   * const pkg = await admin.request('createPackage', { sub, body: { name: 'Nightly sync' } });
   * ```
   */
  request<K extends AdminOperationId>(operationId: K, ...args: AdminArguments<K>): Promise<AdminResponse<K>>;
  /**
   * Every item of a paged list, page after page (each page one request, made when the previous one
   * is consumed): `listPackages`, `listUsers`, `listTenantAuditEvents`, `listServerAuditEvents`.
   * @example
   * ```ts
   * for await (const pkg of admin.paginate('listPackages', { sub, query: { limit: '500' } })) console.log(pkg.id);
   * ```
   */
  paginate<K extends AdminPagedOperationId>(
    operationId: K,
    ...args: AdminArguments<K>
  ): AsyncIterableIterator<AdminPageItem<K>>;
}

const TARGET = 'Packgate admin API';
const DEFAULT_TIMEOUT_MS = 30_000;
const TRANSPORT_HINT =
  'Check baseUrl: the Packgate server must be running there (`packgate serve`) and reachable from this machine.';
const RESPONSE_HINT =
  "The server did not answer like the Packgate admin API: check that baseUrl is the Packgate server's own URL, not a tenant's auth, REST or SOAP base URI.";

/** `https:` always; `http:` only to this machine, so the operator key never crosses a network in clear. */
function checkBaseUrl(baseUrl: unknown): string {
  if (typeof baseUrl === 'string') {
    let url: URL | undefined;
    try {
      url = new URL(baseUrl.trim());
    } catch {
      url = undefined;
    }
    if (url?.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
      throw new ConfigurationError(
        'baseUrl must use https: the operator key is sent over plain http only to this machine (loopback)',
      );
    }
  }
  return normalizeBaseUri(baseUrl, { name: 'baseUrl' });
}

function checkOptions(options: AdminClientOptions): { baseUrl: string; timeoutMs: number } {
  if (typeof options !== 'object' || options === null) throw new ConfigurationError('options are required');
  const baseUrl = checkBaseUrl(options.baseUrl);
  // A header value cannot hold whitespace or control characters; say so before fetch does.
  if (typeof options.adminKey !== 'string' || !/^[\x21-\x7e]+$/.test(options.adminKey)) {
    throw new ConfigurationError(
      'adminKey must be a non-empty string of printable characters, without spaces',
    );
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 2_147_483_647) {
    throw new ConfigurationError('timeoutMs must be a positive whole number of milliseconds');
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw new ConfigurationError('fetch must be a function');
  }
  return { baseUrl, timeoutMs };
}

/** The transport errors of {@link sendRequest}, with a hint about the server instead of an auth domain. */
function withAdminHint(error: unknown): unknown {
  if (error instanceof RequestTimeoutError)
    return new RequestTimeoutError(error.message, { cause: error, hint: TRANSPORT_HINT });
  if (error instanceof NetworkError)
    return new NetworkError(error.message, { cause: error, hint: TRANSPORT_HINT });
  return error;
}

/**
 * Creates a typed client of the Packgate admin API: provision tenants, packages, integrations,
 * secrets and users from your own tests or scripts. No runtime dependency; transport failures are
 * {@link NetworkError} / {@link RequestTimeoutError}, error answers {@link AdminApiError} subclasses.
 *
 * @example
 * ```ts
 * import { createAdminClient } from '@packgate/client/admin';
 * const admin = createAdminClient({ baseUrl: 'http://127.0.0.1:8787', adminKey });
 * const { items: [tenant] } = await admin.listTenants();
 * const pkg = await admin.createPackage({ sub: tenant.subdomain, body: { name: 'Nightly sync' } });
 * ```
 */
export function createAdminClient(options: AdminClientOptions): AdminClient {
  const { baseUrl, timeoutMs } = checkOptions(options);
  const adminKey = options.adminKey;
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function call(operationId: string, input?: unknown, callOptions: AdminCallOptions = {}) {
    const wire = buildAdminRequest(operationId, (input ?? {}) as Record<string, unknown>);
    const url = joinUrl(baseUrl, wire.path);
    const headers: Record<string, string> = {
      authorization: `Bearer ${adminKey}`,
      accept: 'application/json',
    };
    if (wire.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await sendRequest(
        url,
        { method: wire.method, headers, ...(wire.body === undefined ? {} : { body: wire.body }) },
        { fetch: fetchImpl, timeoutMs, signal: callOptions.signal, target: TARGET },
      );
    } catch (error) {
      throw withAdminHint(error);
    }
    const text = await readText(response);
    const request = `${wire.method} ${wire.path.split('?')[0]}`;
    if (!response.ok) {
      throw adminErrorFromResponse({
        status: response.status,
        text,
        operationId,
        request,
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), Date.now()),
        secrets: [adminKey],
      });
    }
    if (response.status === 204) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      throw new InvalidResponseError(`${request}: the ${TARGET} answered ${response.status} without JSON`, {
        status: response.status,
        hint: RESPONSE_HINT,
        cause,
      });
    }
  }

  async function* paginate(operationId: string, input?: unknown, callOptions?: AdminCallOptions) {
    const operation = adminOperation(operationId);
    if (!('cursor' in operation)) throw new ConfigurationError(`${operationId} is not a paged list`);
    const first = (input ?? {}) as { query?: Record<string, unknown> };
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      const query = { ...first.query, ...(cursor === undefined ? {} : { [operation.cursor]: cursor }) };
      const page = await call(operationId, { ...first, query }, callOptions);
      const { items, nextCursor } = checkPage(operationId, page);
      yield* items;
      // A cursor seen before would page forever: a server that answers so is not the admin API.
      if (nextCursor !== undefined && seen.has(nextCursor)) {
        throw new InvalidResponseError(`${operationId}: the server repeated the cursor "${nextCursor}"`, {
          hint: RESPONSE_HINT,
        });
      }
      if (nextCursor !== undefined) seen.add(nextCursor);
      cursor = nextCursor;
    } while (cursor !== undefined);
  }

  const methods = Object.fromEntries(
    Object.keys(ADMIN_OPERATIONS).map((id) => [
      id,
      (input?: unknown, callOptions?: AdminCallOptions) => call(id, input, callOptions),
    ]),
  );
  return Object.freeze({ ...methods, request: call, paginate }) as unknown as AdminClient;
}

/** A page as the paged lists answer: `{ items: [...], nextCursor?: string }`. */
function checkPage(operationId: string, page: unknown): { items: unknown[]; nextCursor: string | undefined } {
  const body = page as { items?: unknown; nextCursor?: unknown } | null;
  if (
    typeof body !== 'object' ||
    body === null ||
    !Array.isArray(body.items) ||
    (body.nextCursor !== undefined && (typeof body.nextCursor !== 'string' || body.nextCursor === ''))
  ) {
    throw new InvalidResponseError(`${operationId}: the answer is not a page of items`, {
      hint: RESPONSE_HINT,
    });
  }
  return { items: body.items, nextCursor: body.nextCursor as string | undefined };
}
