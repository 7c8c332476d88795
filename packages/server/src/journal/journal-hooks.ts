import type { FastifyReply, FastifyRequest, onResponseHookHandler } from 'fastify';
import type { AppContext } from '../app-context.js';
import type { HttpAnswer } from '../errors/send-error.js';
import { readClientCredentials } from '../oauth/client-auth/read-client-credentials.js';
import { toOAuthParameters } from '../oauth/parse-parameters.js';
import type { TokenEndpoint, TokenRequest } from '../oauth/token/token-endpoint.js';
import { type JournalRecord, redactQuery } from './request-journal.js';

type JournalContext = Pick<AppContext, 'journal' | 'directory' | 'faults'>;

const MAX_TEXT_CHARS = 200;
const bounded = (value: unknown): string | undefined =>
  typeof value === 'string' ? value.slice(0, MAX_TEXT_CHARS) : undefined;
const round = (ms: number) => Math.round(ms * 100) / 100;

/** The client id a request names in its parameters or Basic header; never throws. */
function clientIdOf(params: unknown, authorization: string | undefined): string | undefined {
  try {
    return bounded(readClientCredentials(toOAuthParameters(params ?? {}), authorization)?.clientId);
  } catch {
    return undefined;
  }
}

/** The payload segment of the access token in a token response (claims, not the token). */
function payloadSegmentOf(body: string): string | undefined {
  const key = '"access_token":"';
  const start = body.indexOf(key);
  if (start < 0) return undefined;
  const from = start + key.length;
  const end = body.indexOf('"', from);
  const first = body.indexOf('.', from);
  const second = first < 0 ? -1 : body.indexOf('.', first + 1);
  if (end < 0 || first < 0 || second < 0 || second > end) return undefined;
  return body.slice(first + 1, second);
}

/**
 * The token endpoint with the journal around it (outermost, so it sees fault answers too; the
 * endpoint is served ahead of Fastify, decision 0002). With PACKGATE_JOURNAL_SIZE=0 the endpoint
 * is returned unchanged.
 */
export function withTokenJournal(
  endpoint: TokenEndpoint,
  ctx: JournalContext,
  faultsOf: (request: TokenRequest) => readonly string[] | undefined,
): TokenEndpoint {
  if (!ctx.journal.enabled) return endpoint;
  const record = (request: TokenRequest, answer: HttpAnswer, startedAt: number) => {
    const tenant = ctx.directory.peekTenant(request.subdomain);
    if (tenant === undefined) return; // no such tenant: nobody's journal
    // Read straight from the parsed body (JSON or form: an object of strings): this runs on
    // every token request, and the full parameter copy would cost it a few microseconds.
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
      string,
      unknown
    >;
    const authorization = request.authorization;
    ctx.journal.record(tenant.tenant.id, {
      method: 'POST',
      host: bounded(request.host),
      path: request.url === undefined ? `/${request.subdomain}/auth/v2/token` : redactQuery(request.url),
      status: answer.statusCode,
      latencyMs: round(performance.now() - startedAt),
      clientId:
        authorization !== undefined && /^Basic /i.test(authorization)
          ? clientIdOf(body, authorization)
          : bounded(body.client_id),
      grant: bounded(body.grant_type),
      claims: undefined,
      claimsSegment: answer.statusCode === 200 ? payloadSegmentOf(answer.body) : undefined,
      faults: faultsOf(request),
    });
  };
  return (request) => {
    const startedAt = performance.now();
    const answer = endpoint(request);
    if (answer instanceof Promise) {
      return answer.then((a) => {
        record(request, a, startedAt);
        return a;
      });
    }
    record(request, answer, startedAt);
    return answer;
  };
}

const TOKEN_ROUTE = '/:subdomain/auth/v2/token';
/** `/{subdomain}/auth|rest|soap/…` (host mode is rewritten to this form before routing). */
const TENANT_URL = /^\/+([^/?]+)\/+(auth|rest|soap)(?:[/?]|$)/;

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Every Fastify-served request to a tenant's auth, REST or SOAP surface, once answered. The
 * token route records itself (withTokenJournal); requests to no known tenant are not kept.
 */
export function journalResponseHook(ctx: JournalContext): onResponseHookHandler {
  return (req, reply, done) => {
    done();
    if (req.routeOptions.url === TOKEN_ROUTE) return;
    const match = TENANT_URL.exec(req.url);
    if (!match) return;
    const subdomain = decodeSegment(match[1] as string);
    const entry = entryOf(ctx, req, reply.statusCode, reply.elapsedTime, match[2] === 'auth');
    const tenant = ctx.directory.peekTenant(subdomain);
    if (tenant !== undefined) ctx.journal.record(tenant.tenant.id, entry);
    else if (/^[a-z0-9-]{1,63}$/i.test(subdomain)) {
      ctx.directory.findTenant(subdomain).then(
        (found) => found && ctx.journal.record(found.tenant.id, entry),
        () => {},
      );
    }
  };
}

/** A request a fault rule dropped: no answer, so no onResponse; recorded here instead. */
export function journalDropped(
  ctx: JournalContext,
  req: FastifyRequest,
  reply: FastifyReply,
  tenantId: string,
): void {
  if (!ctx.journal.enabled) return;
  const auth = /^\/+[^/?]+\/+auth(?:[/?]|$)/.test(req.url);
  ctx.journal.record(tenantId, entryOf(ctx, req, 0, reply.elapsedTime, auth));
}

function entryOf(
  ctx: JournalContext,
  req: FastifyRequest,
  status: number,
  latencyMs: number,
  auth: boolean,
): JournalRecord {
  const claims = req.bearer?.claims;
  const clientId =
    bounded(claims?.client_id) ??
    (auth ? clientIdOf(req.method === 'GET' ? req.query : req.body, req.headers.authorization) : undefined);
  return {
    method: req.method,
    host: bounded(req.headers.host),
    path: redactQuery(req.originalUrl),
    status,
    latencyMs: round(latencyMs),
    clientId,
    grant: undefined,
    claims: claims as Readonly<Record<string, unknown>> | undefined,
    claimsSegment: undefined,
    faults: ctx.faults.firedOn(req.raw),
  };
}
