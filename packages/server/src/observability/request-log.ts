import type { FastifyInstance, FastifyReply, FastifyRequest, onResponseHookHandler } from 'fastify';
import type { AppContext } from '../app-context.js';
import type { ClientAuthenticationFailed } from '../oauth/client-auth/authenticate-client.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** True when the route logs and measures the request itself (the token endpoint). */
    observed: boolean;
    /** A failed client authentication of this request, for its log line's reason code. */
    authFailure: ClientAuthenticationFailed | null;
  }
}

/**
 * What a request is, for its log line and its metrics: a fixed set of names (never a path or an
 * id), decided once per route from its URL pattern.
 */
export type RouteGroup =
  | 'token'
  | 'authorize'
  | 'revoke'
  | 'introspect'
  | 'userinfo'
  | 'logout'
  | 'metadata'
  | 'rest'
  | 'soap'
  | 'admin'
  | 'server'
  | 'other';

export function routeGroupOf(url: string): RouteGroup {
  if (url.startsWith('/admin/')) return 'admin';
  const auth =
    /^\/:subdomain\/auth\/(?:v2\/(token|authorize|revoke|introspect|userinfo|logout)$|\.well-known\/)/.exec(
      url,
    );
  if (auth) return (auth[1] as RouteGroup | undefined) ?? 'metadata';
  if (url.startsWith('/:subdomain/rest/')) return 'rest';
  if (url.startsWith('/:subdomain/soap/')) return 'soap';
  if (['/healthz', '/readyz', '/metrics', '/openapi.json'].includes(url)) return 'server';
  return 'other';
}

/** Subdomains and client ids in log lines are what the request claimed: bounded. */
const MAX_LOGGED_LENGTH = 64;

/**
 * One structured line per request at `info` (a failed client authentication at `warn`, with its
 * reason code): request id, route, status, latency, tenant and client id — never a header, a
 * body or a query string, so no secret, token, code or password. The request id (the caller's
 * `x-request-id` when acceptable, see request-id.ts) is echoed on every answer. Must be
 * registered before any route: it attaches itself to each route as it is added.
 */
export function addRequestLog(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('observed', false);
  app.decorateRequest('authFailure', null);
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    done();
  });
  app.addHook('onRoute', (route) => {
    const group = routeGroupOf(route.url);
    const hook = logHookFor(ctx, route.url, group);
    const existing = route.onResponse;
    route.onResponse = existing === undefined ? [hook] : [...[existing].flat(), hook];
  });
  // No route: the not-found handler answered (no per-route hook ran).
  app.addHook('onResponse', (req, reply, done) => {
    if (req.is404) logRequest(ctx, req, reply, '(none)', 'other');
    done();
  });
}

function logHookFor(ctx: AppContext, url: string, group: RouteGroup): onResponseHookHandler {
  return (req, reply, done) => {
    if (!req.observed) logRequest(ctx, req, reply, url, group);
    done();
  };
}

function logRequest(
  ctx: AppContext,
  req: FastifyRequest,
  reply: FastifyReply,
  route: string,
  group: RouteGroup,
): void {
  const subdomain = (req.params as { subdomain?: unknown } | undefined)?.subdomain;
  const failure = req.authFailure;
  const clientId = failure ? failure.clientId : req.bearer?.claims.client_id;
  const line = {
    reqId: req.id,
    method: req.method,
    route,
    group,
    status: reply.statusCode,
    latencyMs: Math.round(reply.elapsedTime * 1000) / 1000,
    tenant: typeof subdomain === 'string' ? subdomain.slice(0, MAX_LOGGED_LENGTH) : undefined,
    clientId: clientId?.slice(0, MAX_LOGGED_LENGTH),
  };
  if (failure) ctx.logger.warn({ ...line, authFailure: failure.reason }, 'client authentication failed');
  else ctx.logger.info(line, 'request');
}
