import type { FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { AppContext } from '../app-context.js';
import { type HttpAnswer, sendAnswer } from '../errors/send-error.js';
import { journalDropped } from '../journal/journal-hooks.js';
import { readClientCredentials } from '../oauth/client-auth/read-client-credentials.js';
import { toOAuthParameters } from '../oauth/parse-parameters.js';
import type { TokenEndpoint, TokenRequest } from '../oauth/token/token-endpoint.js';
import { type BearerContext, BearerRejected } from '../resources/bearer/authenticate-bearer.js';
import type { TenantEntry } from '../setup/directory/client-directory.js';
import { oauthFaultAnswer } from './fault-answers.js';
import type { FaultOutcome, TerminalFaultEffect } from './fault-rules.js';
import type { FaultRequest } from './match-fault-rule.js';

/**
 * The thin hooks that put fault rules (fault-rules.ts) on each surface. Each asks
 * `ctx.faults.evaluate`, which answers synchronously "nothing" for a tenant without rules.
 */

type FaultContext = Pick<AppContext, 'directory' | 'faults' | 'config' | 'journal'>;

/**
 * The answer of a dropped connection: transports (token-fast-path.ts, token-route.ts) compare
 * against this very object and destroy the socket instead of writing.
 */
export const CONNECTION_DROPPED: HttpAnswer = Object.freeze({
  statusCode: 0,
  headers: Object.freeze({}),
  body: '',
});

/** The client id a token request names (body or Basic), or undefined; never throws. */
function clientIdOf(request: TokenRequest): string | undefined {
  try {
    return readClientCredentials(toOAuthParameters(request.body), request.authorization)?.clientId;
  } catch {
    return undefined;
  }
}

/** Fired rules of a token request, told to the journal (request-journal.ts) by the caller. */
export type OnFaultsFired = (request: TokenRequest, firedRuleIds: readonly string[]) => void;

/**
 * The token endpoint with fault rules in front (it is served ahead of Fastify, decision 0002,
 * so no Fastify hook would see it). A tenant without rules costs one map lookup.
 */
export function withTokenFaults(
  endpoint: TokenEndpoint,
  ctx: FaultContext,
  onFired?: OnFaultsFired,
): TokenEndpoint {
  const answerFor = (request: TokenRequest, outcome: FaultOutcome | undefined) => {
    if (outcome !== undefined) onFired?.(request, outcome.firedRuleIds);
    const effect = outcome?.effect;
    if (effect?.type === 'drop') return CONNECTION_DROPPED;
    if (effect?.type === 'status')
      return oauthFaultAnswer(effect.status, request.authorization, ctx.config.publicUrl);
    return endpoint(request);
  };
  const withRules = (request: TokenRequest, tenant: TenantEntry | undefined) => {
    if (tenant === undefined || !ctx.faults.hasRules(tenant.tenant.id)) return endpoint(request);
    const outcome = ctx.faults.evaluate(tenant.tenant.id, {
      route: 'token',
      method: 'POST',
      clientId: clientIdOf(request),
    });
    return outcome === undefined ? endpoint(request) : outcome.then((o) => answerFor(request, o));
  };
  return (request) => {
    const tenant = ctx.directory.peekTenant(request.subdomain);
    if (tenant !== undefined) return withRules(request, tenant);
    // Not in memory yet: load it (the endpoint would), so the first request counts too.
    return ctx.directory.findTenant(request.subdomain).then(
      (found) => withRules(request, found),
      () => endpoint(request),
    );
  };
}

/** Sends `answer`, or destroys the connection for {@link CONNECTION_DROPPED}. */
export function sendFaultAnswer(
  request: FastifyRequest,
  reply: FastifyReply,
  answer: HttpAnswer,
): FastifyReply {
  if (answer !== CONNECTION_DROPPED) return sendAnswer(reply, answer);
  reply.hijack();
  request.raw.socket?.destroy();
  return reply;
}

/** A fault rule's dropped connection on a Fastify route: no answer, so the journal is told here. */
export function dropConnection(
  ctx: Pick<AppContext, 'journal' | 'directory' | 'faults'>,
  request: FastifyRequest,
  reply: FastifyReply,
  tenantId: string,
): FastifyReply {
  journalDropped(ctx, request, reply, tenantId);
  return sendFaultAnswer(request, reply, CONNECTION_DROPPED);
}

/** `GET`/`POST {auth}v2/authorize`: a preHandler (the login form's body names the client too). */
export function authorizeFaultHook(ctx: FaultContext): preHandlerHookHandler {
  return (req, reply, done) => {
    const { subdomain } = req.params as { subdomain: string };
    const tenant = ctx.directory.peekTenant(subdomain);
    const decide = (found: TenantEntry | undefined) => {
      if (found === undefined || !ctx.faults.hasRules(found.tenant.id)) return done();
      const source = (req.method === 'POST' ? req.body : req.query) as { client_id?: unknown } | undefined;
      const clientId = typeof source?.client_id === 'string' ? source.client_id : undefined;
      const outcome = ctx.faults.evaluate(found.tenant.id, {
        route: 'authorize',
        method: req.method,
        clientId,
      });
      if (outcome === undefined) return done();
      outcome.then((o) => {
        ctx.faults.noteFired(req.raw, o);
        const effect = o?.effect;
        if (effect?.type === 'drop') dropConnection(ctx, req, reply, found.tenant.id);
        else if (effect?.type === 'status') {
          sendAnswer(reply, oauthFaultAnswer(effect.status, undefined, ctx.config.publicUrl));
        } else done();
      }, done);
    };
    if (tenant !== undefined) decide(tenant);
    else ctx.directory.findTenant(subdomain).then(decide, () => done());
  };
}

/** REST and SOAP: the request as rules see it, once its bearer token has been checked. */
export function bearerFaultRequest(
  route: 'rest' | 'soap',
  bearer: BearerContext,
  detail: { method: string; url?: string; action?: string | undefined },
): FaultRequest {
  if (route === 'soap') {
    return { route, method: detail.method, action: detail.action, clientId: bearer.claims.client_id };
  }
  const path = (detail.url ?? '')
    .split('?')[0]
    ?.replace(/^\/+[^/]+\/+rest(?=\/|$)/, '')
    .replace(/\/{2,}/g, '/');
  return { route, method: detail.method, path: path || '/', clientId: bearer.claims.client_id };
}

/**
 * The bearer effects, the same on REST and SOAP: `token_expired` rejects the token as expired
 * (each surface then says so in its words), `revoke_scope` takes the scope out of the request's
 * view of the token. Other effects are the caller's to answer.
 */
export function faultedBearer(effect: TerminalFaultEffect | undefined, bearer: BearerContext): BearerContext {
  if (effect?.type === 'token_expired') {
    throw new BearerRejected({ kind: 'invalid', reason: 'token expired (fault rule)', expired: true });
  }
  if (effect?.type === 'revoke_scope') {
    return { ...bearer, scopes: bearer.scopes.filter((s) => s !== effect.scope) };
  }
  return bearer;
}
