import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestTooLarge } from '../../errors/oauth-errors.js';
import { type HttpAnswer, oauthErrorAnswer, toOAuthError } from '../../errors/send-error.js';
import { CONNECTION_DROPPED } from '../../faults/fault-hooks.js';
import { discardOversizedBody } from '../../lifecycle/discard-oversized-body.js';
import { readRequestId } from '../../observability/request-id.js';
import { AUTH_BODY_LIMIT_BYTES } from '../auth-routes.js';
import { hostToPath } from '../host-to-path.js';
import { parseOAuthBody } from '../parse-parameters.js';
import { isFormContentType, type TokenEndpoint } from './token-endpoint.js';

/** `/{subdomain}/auth/v2/token`, tolerating doubled slashes like the Fastify router does. */
const TOKEN_PATH = /^\/+([^/?]+)\/+auth\/+v2\/+token(?:\?.*)?$/;

/**
 * The token endpoint served straight from node:http, ahead of Fastify (decision 0002): the
 * endpoint's whole budget is ~110 µs and Fastify's request machinery costs ~10 µs of it. Only
 * the transport lives here — body limit, media type, parsing and every answer come from the
 * same functions the Fastify route uses. Returns false for any other request.
 */
export function createTokenFastPath(
  endpoint: TokenEndpoint,
  options: {
    baseDomain: string | undefined;
    logFailure: (err: unknown) => void;
    /** Name, value, … sent with every answer (`Strict-Transport-Security`), computed once at boot. */
    extraHeaders: readonly string[];
    /** The log line of a request refused before the endpoint ran (413, unreadable body). */
    logRefused: (line: {
      reqId: string;
      status: number;
      latencyMs: number;
      tenant: string;
      outcome: string;
    }) => void;
  },
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { extraHeaders } = options;
  return (req, res) => {
    if (req.method !== 'POST') return false;
    const startedAt = process.hrtime.bigint();
    const url = options.baseDomain ? hostToPath(req, options.baseDomain) : (req.url ?? '/');
    const match = TOKEN_PATH.exec(url);
    if (!match) return false;
    const subdomain = match[1] as string;
    const authorization = req.headers.authorization;
    const requestId = readRequestId(req.headers['x-request-id']);
    const write = (res: ServerResponse, answer: HttpAnswer) =>
      writeAnswer(res, answer, extraHeaders, requestId);
    const fail = (err: unknown) => {
      const oauth = toOAuthError(err, options.logFailure);
      const answer = oauthErrorAnswer(oauth, authorization);
      options.logRefused({
        outcome: oauth.error,
        reqId: requestId,
        status: answer.statusCode,
        latencyMs: Math.round(Number(process.hrtime.bigint() - startedAt) / 1000) / 1000,
        tenant: subdomain.slice(0, 64),
      });
      write(res, answer);
    };

    // The 413 goes out once the client has finished sending (lifecycle/discard-oversized-body.ts).
    const refuse = () => {
      refused = true;
      void discardOversizedBody(req, res, AUTH_BODY_LIMIT_BYTES).then(() =>
        fail(new RequestTooLarge('The request body is too large.')),
      );
    };
    const chunks: Buffer[] = [];
    let received = 0;
    let refused = false;
    if (Number(req.headers['content-length'] ?? 0) > AUTH_BODY_LIMIT_BYTES) {
      refuse();
      return true;
    }
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > AUTH_BODY_LIMIT_BYTES) {
        req.off('data', onData);
        refuse();
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('error', () => {
      refused = true;
      req.destroy();
    });
    req.on('end', () => {
      if (refused) return;
      let answer: HttpAnswer | Promise<HttpAnswer>;
      try {
        const body = parseOAuthBody(
          req.headers['content-type'],
          Buffer.concat(chunks, received).toString('utf8'),
        );
        answer = endpoint({
          subdomain: decodeSegment(subdomain),
          body,
          authorization,
          requestId,
          startedAt,
          sourceIp: req.socket.remoteAddress,
          host: req.headers.host,
          url: req.url,
          form: isFormContentType(req.headers['content-type']),
        });
      } catch (err) {
        fail(err);
        return;
      }
      if (answer instanceof Promise) answer.then((a) => write(res, a), fail);
      else write(res, answer);
    });
    return true;
  };
}

function writeAnswer(
  res: ServerResponse,
  answer: HttpAnswer,
  extraHeaders: readonly string[],
  requestId: string,
): void {
  if (res.headersSent) return;
  // A fault rule's dropped connection (faults/fault-hooks.ts): no answer at all.
  if (answer === CONNECTION_DROPPED) {
    res.destroy();
    return;
  }
  // Every header in one writeHead call: a header set earlier with setHeader sends node:http
  // down its slower merging path (one validated setHeader per field), ~1 µs per token.
  const headers: (string | number)[] = [...extraHeaders, 'x-request-id', requestId];
  for (const name in answer.headers) headers.push(name, answer.headers[name] as string);
  headers.push('content-length', Buffer.byteLength(answer.body));
  res.writeHead(answer.statusCode, headers);
  res.end(answer.body);
}

/** Path segments arrive percent-encoded; a malformed escape simply names no tenant. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
