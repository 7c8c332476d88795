import type { FastifyInstance, FastifyReply, FastifyRequest, onResponseHookHandler } from 'fastify';
import type { AppContext } from '../app-context.js';
import type { ClientAuthenticationFailed } from '../oauth/client-auth/authenticate-client.js';
import type { FastHistogram, HistogramSeries } from './fast-metrics.js';
import { requestLogger } from './logger.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** True when the route logs and measures the request itself (the token endpoint). */
    observed: boolean;
    /** A failed client authentication of this request, for its log line's reason code. */
    authFailure: ClientAuthenticationFailed | null;
    /** The authenticated client, where the route knows it outside `bearer` (SOAP). */
    clientId: string | null;
    /** The SOAP action the envelope names, once read (`packgate_soap_request_duration_seconds`). */
    soapAction: SoapAction | null;
  }
}

export type SoapAction = 'Retrieve' | 'Describe' | 'Create' | 'Update' | 'Delete';

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

/** A histogram's series per status code (and more labels), made on first use and kept. */
function seriesByCode(histogram: FastHistogram, ...labels: string[]): (code: number) => HistogramSeries {
  const byCode = new Map<number, HistogramSeries>();
  return (code) => {
    let series = byCode.get(code);
    if (series === undefined) {
      series = histogram.series(...labels, String(code));
      byCode.set(code, series);
    }
    return series;
  };
}

/**
 * Every request through Fastify is logged and measured here (the token endpoint does both itself).
 * One structured line per request at `info` (a failed client authentication at `warn`, with its
 * reason code): request id, route, status, latency, tenant and client id — never a header, a
 * body or a query string, so no secret, token, code or password. The request id (the caller's
 * `x-request-id` when acceptable, see request-id.ts) is echoed on every answer. Its latency goes
 * to `packgate_http_request_duration_seconds` by route group, and REST and SOAP requests to
 * their own histograms by scope and action. Must be registered before any route: it attaches
 * itself to each route as it is added.
 */
export function observeRequests(app: FastifyInstance, context: AppContext): void {
  // Request lines hold only fields built for them: the unredacted logger is safe and far cheaper.
  const ctx = { ...context, logger: requestLogger(context.logger) };
  app.decorateRequest('observed', false);
  app.decorateRequest('authFailure', null);
  app.decorateRequest('soapAction', null);
  app.decorateRequest('clientId', null);
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    done();
  });
  app.addHook('onRoute', (route) => {
    const group = routeGroupOf(route.url);
    const hook = hookFor(ctx, route.url, group, route.config?.scope);
    const existing = route.onResponse;
    route.onResponse = existing === undefined ? [hook] : [...[existing].flat(), hook];
  });
  // No route: the not-found handler answered (no per-route hook ran).
  const notFound = seriesByCode(ctx.metrics.httpRequestDuration, 'other');
  app.addHook('onResponse', (req, reply, done) => {
    if (req.is404) {
      notFound(reply.statusCode).observe(reply.elapsedTime / 1000);
      logRequest(ctx, req, reply, '(none)', 'other');
    }
    done();
  });
}

function hookFor(
  ctx: AppContext,
  url: string,
  group: RouteGroup,
  scope: string | undefined,
): onResponseHookHandler {
  const { metrics } = ctx;
  const http = seriesByCode(metrics.httpRequestDuration, group);
  const rest = group === 'rest' ? seriesByCode(metrics.restRequestDuration, scope ?? 'none') : undefined;
  const soap =
    group === 'soap'
      ? new Map(
          (['Retrieve', 'Describe', 'Create', 'Update', 'Delete', 'unknown'] as const).map((action) => [
            action,
            seriesByCode(metrics.soapRequestDuration, action),
          ]),
        )
      : undefined;
  return (req, reply, done) => {
    if (!req.observed) {
      const seconds = reply.elapsedTime / 1000;
      const code = reply.statusCode;
      http(code).observe(seconds);
      rest?.(code).observe(seconds);
      soap
        ?.get(req.soapAction ?? 'unknown')?.(code)
        .observe(seconds);
      logRequest(ctx, req, reply, url, group);
    }
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
  const clientId = failure ? failure.clientId : (req.clientId ?? req.bearer?.claims.client_id);
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
