import { apiErrorFromResponse } from '../errors/api-error-from-response.js';
import { ConfigurationError } from '../errors/configuration-errors.js';
import { parseErrorBody } from '../errors/parse-error-body.js';
import { type Clock, defaultSleep, type FetchLike, type Sleep } from '../http/fetch-like.js';
import { parseRetryAfter } from '../http/retry-after.js';
import { readText, sendRequest } from '../http/send-request.js';
import type { Token, TokenSource } from '../tokens/token.js';
import { joinUrl } from '../urls/join-url.js';
import { normalizeBaseUri } from '../urls/normalize-base-uri.js';

/** Options of {@link createRestClient}. */
export interface RestClientOptions {
  /** Where tokens come from: a {@link TokenProvider} or a {@link UserSession}. */
  tokenSource: TokenSource;
  /** Base URI to call instead of the token's `restInstanceUrl`. */
  baseUri?: string;
  /** fetch implementation (default global `fetch`). */
  fetch?: FetchLike;
  /** Timeout of each attempt in ms (default 30000). */
  timeoutMs?: number;
  /** Retries after 429 / 503 (default 2). */
  maxRetries?: number;
  /** Longest wait honoured for `Retry-After` or backoff, in ms (default 30000); longer → no retry. */
  maxRetryDelayMs?: number;
  /** First backoff delay when no `Retry-After` is sent, doubled per retry (default 500 ms). */
  backoffBaseMs?: number;
  /** Allow http off loopback for `baseUri` (default false). */
  allowInsecureHttp?: boolean;
  /** Sleep used for backoff (default a real timer). */
  sleep?: Sleep;
  /** Wall clock for HTTP-date `Retry-After` values (default `Date.now`). */
  now?: Clock;
}

/** Init for {@link RestClient.request}: a `RequestInit` plus an optional JSON body. */
export interface RestRequestInit extends RequestInit {
  /** Sent as the JSON body (sets `content-type: application/json`). */
  json?: unknown;
}

/**
 * Calls a REST API with the bearer token of a token source.
 *
 * @example
 * ```ts
 * const rest = createRestClient({ tokenSource: provider });
 * const context = await rest.request<{ organization: { id: number } }>('platform/v1/tokenContext');
 * ```
 */
export interface RestClient {
  /**
   * `fetch`-compatible: joins `path` onto the base, adds `Authorization: Bearer`, retries once on 401
   * with a forced new token (never on 403), retries 429/503 with bounded backoff, and resolves the final
   * `Response` whatever its status.
   */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Like `fetch`, then parses JSON; non-2xx answers throw typed errors (both error shapes). */
  request<T = unknown>(path: string, init?: RestRequestInit): Promise<T>;
}

/**
 * Creates a {@link RestClient}.
 *
 * @example
 * ```ts
 * const rest = createRestClient({ tokenSource: createTokenProvider(options) });
 * await rest.request('hub/v1/dataevents/key:Orders/rowset', { method: 'POST', json: rows });
 * ```
 */
export function createRestClient(options: RestClientOptions): RestClient {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxRetries = options.maxRetries ?? 2;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
  const backoffBaseMs = options.backoffBaseMs ?? 500;
  const fixedBase =
    options.baseUri === undefined
      ? undefined
      : normalizeBaseUri(options.baseUri, {
          name: 'baseUri',
          allowInsecureHttp: options.allowInsecureHttp ?? false,
        });

  const baseFor = (token: Token): string => {
    const base = fixedBase ?? token.restInstanceUrl;
    if (base === '')
      throw new ConfigurationError('the token has no restInstanceUrl: pass baseUri to createRestClient');
    return base;
  };

  /** Sends with retries; also returns the token of the last attempt, so errors can redact it. */
  async function send(path: string, init: RequestInit = {}): Promise<{ response: Response; token: Token }> {
    const replayable = !(init.body instanceof ReadableStream);
    let retried401 = false;
    for (let retries = 0; ; ) {
      const token = await options.tokenSource.getToken();
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${token.accessToken}`);
      const response = await sendRequest(
        joinUrl(baseFor(token), path),
        { ...init, headers },
        { fetch: fetchImpl, timeoutMs, signal: init.signal, target: 'REST API' },
      );
      if (response.status === 401 && !retried401 && replayable) {
        retried401 = true;
        await response.body?.cancel();
        await options.tokenSource.getToken({ forceRefresh: true, rejectToken: token.accessToken });
        continue;
      }
      const done = { response, token };
      if ((response.status === 429 || response.status === 503) && retries < maxRetries && replayable) {
        const delay =
          parseRetryAfter(response.headers.get('retry-after'), now()) ??
          Math.round(backoffBaseMs * 2 ** retries * (0.5 + Math.random() / 2));
        if (delay > maxRetryDelayMs) return done;
        await response.body?.cancel();
        await sleep(delay, init.signal ?? undefined);
        retries++;
        continue;
      }
      return done;
    }
  }

  return {
    fetch: async (path, init) => (await send(path, init)).response,
    async request<T>(path: string, init: RestRequestInit = {}): Promise<T> {
      const { json, ...rest } = init;
      const requestInit: RequestInit = rest;
      if (json !== undefined) {
        const headers = new Headers(rest.headers);
        headers.set('content-type', 'application/json');
        requestInit.headers = headers;
        requestInit.body = JSON.stringify(json);
      }
      const { response, token } = await send(path, requestInit);
      const text = await readText(response);
      if (!response.ok) {
        throw apiErrorFromResponse({
          status: response.status,
          body: parseErrorBody(text),
          request: `${(requestInit.method ?? 'GET').toUpperCase()} ${path.replace(/^\/+/, '').split('?')[0]}`,
          retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now()),
          secrets: [token.accessToken],
        });
      }
      if (text === '') return undefined as T;
      try {
        return JSON.parse(text) as T;
      } catch {
        return text as T;
      }
    },
  };
}
