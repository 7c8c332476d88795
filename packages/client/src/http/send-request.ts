import { NetworkError, RequestTimeoutError } from '../errors/transport-errors.js';
import type { FetchLike } from './fetch-like.js';

/** Options of {@link sendRequest}. */
export interface SendRequestOptions {
  /** The fetch implementation. */
  fetch: FetchLike;
  /** Give up after this many milliseconds. */
  timeoutMs: number;
  /** Caller's signal; aborting it aborts the request. */
  signal?: AbortSignal | null | undefined;
  /** What is being contacted, for messages ("token endpoint", "REST API"). */
  target: string;
}

const NETWORK_CODES =
  /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ECONNABORTED|EPIPE|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|UND_ERR_[A-Z_]+|CERT|TLS|SSL/;

/**
 * Sends one request with an `AbortSignal` timeout and maps transport failures to
 * {@link RequestTimeoutError} / {@link NetworkError} (whose hints point at a wrong auth domain).
 * An abort by the caller's own signal is rethrown unchanged.
 *
 * @example
 * ```ts
 * const res = await sendRequest(url, { method: 'POST', body }, { fetch, timeoutMs: 10_000, target: 'token endpoint' });
 * ```
 */
export async function sendRequest(
  url: string,
  init: RequestInit,
  options: SendRequestOptions,
): Promise<Response> {
  if (options.signal?.aborted) throw options.signal.reason;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    return await options.fetch(url, { ...init, signal });
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason ?? error;
    const host = safeHost(url);
    if (timeout.aborted || (error instanceof Error && error.name === 'TimeoutError')) {
      throw new RequestTimeoutError(
        `${options.target} at ${host}: no answer within ${options.timeoutMs} ms`,
        {
          cause: error,
          transportCode: 'ETIMEDOUT',
        },
      );
    }
    const code = describeCause(error);
    throw new NetworkError(`${options.target} at ${host}: ${describeFailure(code, host)}`, {
      cause: error,
      transportCode: code === '' ? undefined : code,
    });
  }
}

/** One line per kind of failure; the code stays visible for searching. */
function describeFailure(code: string, host: string): string {
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot resolve ${host} (${code})`;
  if (code === 'ECONNREFUSED') return `connection refused by ${host} (${code})`;
  if (/CERT|SSL|TLS/.test(code)) return `TLS failure talking to ${host} (${code})`;
  return code === '' ? 'could not be reached' : `could not be reached (${code})`;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured URL';
  }
}

function describeCause(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.test(code)) return code;
    current = current.cause;
  }
  return '';
}

/**
 * Reads a response body as text, capped at a size limit so a hostile server cannot exhaust memory.
 *
 * @example
 * ```ts
 * const text = await readText(res, 1_000_000);
 * ```
 */
export async function readText(response: Response, limitBytes = 5_000_000): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limitBytes) {
    await response.body?.cancel();
    return '';
  }
  const text = await response.text();
  return text.length > limitBytes ? text.slice(0, limitBytes) : text;
}
