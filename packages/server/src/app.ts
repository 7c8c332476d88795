import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { OpenAPIV3 } from 'openapi-types';
import { adminRoutes } from './admin/admin-routes.js';
import type { AppContext } from './app-context.js';
import { sendResourceError, ValidationFailed } from './errors/resource-errors.js';
import { sendAnswer } from './errors/send-error.js';
import { ClientFault, sendSoapFault } from './errors/soap-faults.js';
import { authorizeFaultHook } from './faults/fault-hooks.js';
import { journalResponseHook } from './journal/journal-hooks.js';
import { discardOversizedBody } from './lifecycle/discard-oversized-body.js';
import { HttpLifecycle } from './lifecycle/http-lifecycle.js';
import { AUTH_BODY_LIMIT_BYTES, authRoutes } from './oauth/auth-routes.js';
import { hostToPath } from './oauth/host-to-path.js';
import { createServedTokenEndpoint } from './oauth/token/served-token-endpoint.js';
import { createTokenFastPath } from './oauth/token/token-fast-path.js';
import { requestLogger } from './observability/logger.js';
import { createMetricsEndpoint } from './observability/metrics-endpoint.js';
import { observeRequests } from './observability/observe-requests.js';
import { checkReadiness } from './observability/readiness.js';
import { readRequestId } from './observability/request-id.js';
import { completeDocument } from './openapi/complete-document.js';
import { openApiOptions } from './openapi/openapi-options.js';
import { restResourceRoutes } from './resources/rest-resource-routes.js';
import { soapRoutes } from './resources/soap/soap-routes.js';
import { HSTS_OVER_TLS, strictTransportSecurity } from './strict-transport-security.js';
import { setupRoutes } from './web/setup/setup-routes.js';

export interface AppOptions {
  /** The server's timeouts and drain; start-server.ts keeps it to drain on SIGTERM. */
  readonly lifecycle?: HttpLifecycle;
  /**
   * Host mode's HTTPS (tls/ensure-tls-material.ts): the same app is also served by an HTTPS
   * server, handed to `onSecureServer` for start-server.ts to listen with.
   */
  readonly tls?: {
    readonly key: string;
    readonly cert: string;
    /** The local CA, as `GET /admin/v1/host-mode` shows it. */
    readonly caCertificatePem: string;
    readonly caCertificatePath: string;
    readonly caFingerprint256: string;
  };
  readonly onSecureServer?: (server: HttpsServer) => void;
}

/**
 * Builds the Fastify app around an already-opened context. Never listens, never reads the
 * environment: main.ts (or a test) does that.
 */
export async function buildApp(ctx: AppContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const lifecycle = options.lifecycle ?? new HttpLifecycle(ctx.config, ctx.logger);
  // Fault rules and the journal around the endpoint itself (served-token-endpoint.ts).
  const tokenEndpoint = createServedTokenEndpoint(ctx);
  // The token endpoint is answered before Fastify sees the request (decision 0002);
  // everything else, and `app.inject()`, goes through Fastify. HTTPS answers always carry HSTS.
  const requestLog = requestLogger(ctx.logger);
  const serve = (
    hsts: string | undefined,
    handler: (req: IncomingMessage, res: ServerResponse) => void,
  ): ((req: IncomingMessage, res: ServerResponse) => void) => {
    const tokenFastPath = createTokenFastPath(tokenEndpoint, {
      baseDomain: ctx.config.baseDomain,
      logFailure: (err) => ctx.logger.error({ err }, 'token request failed'),
      // Refused before the endpoint ran (body too large, unreadable): still one line per request.
      logRefused: (line) => {
        ctx.metrics.tokenRequestDuration.series('none', line.outcome).observe(line.latencyMs / 1000);
        requestLog.info({ route: 'token', method: 'POST', ...line }, 'request');
      },
      extraHeaders: hsts ? ['strict-transport-security', hsts] : [],
    });
    return (req, res) => {
      if (tokenFastPath(req, res)) return;
      // On the raw response, so that every answer has it: routes, 404s, framework errors.
      if (hsts) res.setHeader('strict-transport-security', hsts);
      handler(req, res);
    };
  };
  const app = Fastify({
    serverFactory: (handler) => {
      const server = lifecycle.createServer(serve(strictTransportSecurity(ctx.config), handler));
      if (options.tls) {
        const { key, cert } = options.tls;
        const secure = lifecycle.createSecureServer({ key, cert }, serve(HSTS_OVER_TLS, handler));
        options.onSecureServer?.(secure);
      }
      return server;
    },
    // The drain happens before close() (lifecycle/http-lifecycle.ts); by then nothing is left
    // for these to act on.
    return503OnClosing: false,
    forceCloseConnections: false,
    loggerInstance: ctx.logger as FastifyBaseLogger,
    // Request logs would cost the token endpoint measurable time; errors are logged where handled.
    logController: new LogController({ disableRequestLogging: true }),
    // No per-request child logger (it costs the token endpoint ~1 %): error logs carry the
    // route and status themselves.
    childLoggerFactory: (logger) => logger,
    // The caller's x-request-id when acceptable, else a new UUID; echoed by the request log.
    requestIdHeader: false,
    genReqId: (req) => readRequestId(req.headers['x-request-id']),
    bodyLimit: AUTH_BODY_LIMIT_BYTES,
    // `…/auth//v2/token` is what SDKs produce from a base URI with a trailing slash. Path
    // parameters carry Data Extension keys (`key:` + 200) and primary-key values (Text up to
    // 4000): longer ones must reach their route (and its schema's 400), not fall through to a 404.
    // Paths match case-insensitively, as Marketing Cloud's REST API does: fuel-rest lowercases
    // every path it sends (`platform/v1/tokencontext`, lib/helpers.js resolveUriForOAuth2);
    // parameter values keep their case.
    routerOptions: { ignoreDuplicateSlashes: true, maxParamLength: 4096, caseSensitive: false },
    // Only the configured proxies may say who the client is (PACKGATE_TRUSTED_PROXIES; none by default).
    trustProxy: ctx.config.trustedProxies.length === 0 ? false : [...ctx.config.trustedProxies],
    // A URL Fastify cannot decode (or with an over-long part) never reaches a route: answer it
    // in the shape of its surface.
    frameworkErrors: (err, req, reply) => {
      const surface = /^\/[^/?]+\/(rest|soap)\//.exec(req.url ?? '')?.[1];
      const message =
        err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A part of the URL is too long.' : 'The URL is malformed.';
      if (surface === 'rest') {
        return sendResourceError(reply, new ValidationFailed(message), ctx.config.publicUrl);
      }
      if (surface === 'soap') return sendSoapFault(reply, new ClientFault(message), ctx.config.publicUrl);
      // Elsewhere Fastify's own answer, as without this option.
      const statusCode = err.statusCode ?? 400;
      return sendAnswer(reply, {
        statusCode,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ error: 'Bad Request', code: err.code, message: err.message, statusCode }),
      });
    },
    // Validation must not rewrite input: no type coercion (42 is not a name), no silent removal
    // of unknown fields (a typo must fail, not be ignored).
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false } },
    rewriteUrl: ctx.config.baseDomain
      ? (req: IncomingMessage) => hostToPath(req, ctx.config.baseDomain as string)
      : (req: IncomingMessage) => req.url ?? '/',
  });

  observeRequests(app, ctx);

  // Every surface's 413 is written only once the client has finished sending (or the bound is
  // reached): an answer written while it still sends reaches it as EPIPE, not as a 413.
  app.addHook('onError', async (req, reply, err) => {
    if ((err as { code?: string }).code !== 'FST_ERR_CTP_BODY_TOO_LARGE') return;
    await discardOversizedBody(req.raw, reply.raw, req.routeOptions.bodyLimit ?? AUTH_BODY_LIMIT_BYTES);
  });

  await app.register(swagger, openApiOptions(ctx.config));

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    // A load balancer stops sending here first; the requests it already sent still finish.
    if (lifecycle.isDraining()) return reply.code(503).send({ status: 'draining' });
    const report = await checkReadiness({
      store: ctx.store,
      keys: () => ctx.keys,
      pingRedis: ctx.rateLimits.pingRedis,
    });
    reply.header('cache-control', 'no-store');
    return reply.code(report.status === 'ready' ? 200 : 503).send(report);
  });
  // With PACKGATE_METRICS_PORT, /metrics lives on its own listener (start-server.ts) only.
  if (ctx.config.metricsPort === undefined) {
    const metrics = createMetricsEndpoint(ctx);
    app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
      const answer = await metrics(req.headers.authorization);
      return reply.code(answer.statusCode).headers(answer.headers).send(answer.body);
    });
  }
  app.get('/openapi.json', { schema: { hide: true } }, async () => {
    const tenants = await ctx.store.tenants.listTenants();
    return completeDocument(
      app.swagger() as OpenAPIV3.Document,
      ctx.config,
      tenants.map((t) => t.subdomain),
    );
  });

  // Fault rules on the authorize page (the token endpoint has them in its function, REST and
  // SOAP after their bearer check): attached to that route only, so no other route pays.
  const authorizeFaults = authorizeFaultHook(ctx);
  app.addHook('onRoute', (route) => {
    if (route.url !== '/:subdomain/auth/v2/authorize') return;
    const existing = route.preHandler;
    route.preHandler = existing === undefined ? [authorizeFaults] : [authorizeFaults, ...[existing].flat()];
  });
  // The request journal of every other tenant request (PACKGATE_JOURNAL_SIZE=0: no hook at all).
  if (ctx.journal.enabled) app.addHook('onResponse', journalResponseHook(ctx));
  await app.register(authRoutes, { ctx, tokenEndpoint });
  // Never the private key: only what a client machine needs to trust the CA.
  const hostMode = options.tls && {
    caCertificatePem: options.tls.caCertificatePem,
    caCertificatePath: options.tls.caCertificatePath,
    caFingerprint256: options.tls.caFingerprint256,
  };
  await app.register(adminRoutes, { ctx, prefix: '/admin/v1', hostMode });
  await app.register(restResourceRoutes, { ctx });
  await app.register(soapRoutes, { ctx });
  await app.register(setupRoutes, { ctx, prefix: '/setup' });

  app.setNotFoundHandler((req, reply) =>
    reply
      .code(404)
      .send({ error: 'not_found', message: `No route for ${req.method} ${req.url.split('?')[0]}` }),
  );
  return app;
}
