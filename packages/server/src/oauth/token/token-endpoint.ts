import type { AppContext } from '../../app-context.js';
import { InvalidRequest, UnsupportedGrantType } from '../../errors/oauth-errors.js';
import { RequestsBlocked, resourceErrorAnswer } from '../../errors/resource-errors.js';
import { type HttpAnswer, oauthErrorAnswer, toOAuthError } from '../../errors/send-error.js';
import type { HistogramSeries } from '../../observability/fast-metrics.js';
import { requestLogger } from '../../observability/logger.js';
import type { RateLimiter } from '../../rate-limits/rate-limiter.js';
import type { TenantEntry } from '../../setup/directory/client-directory.js';
import {
  type AuthenticatedClient,
  authenticateClient,
  ClientAuthenticationFailed,
  type ClientAuthFailureReason,
} from '../client-auth/authenticate-client.js';
import { readClientCredentials } from '../client-auth/read-client-credentials.js';
import { toOAuthParameters } from '../parse-parameters.js';
import { resolveTenant } from '../resolve-tenant.js';
import { buildGrants } from './grants/index.js';

const UNSUPPORTED_GRANT =
  'Use "authorization_code" or "refresh_token" or "client_credentials" as the grant_type.';

/** RFC 6749 §5.1: token responses must not be cached. */
const SUCCESS_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  pragma: 'no-cache',
} as const;

/** A token request as any transport delivers it: the URL's tenant, the parsed body, the header. */
export interface TokenRequest {
  readonly subdomain: string;
  readonly body: unknown;
  readonly authorization: string | undefined;
  /** The accepted `x-request-id` or a generated one (observability/request-id.ts). */
  readonly requestId: string;
  /** `process.hrtime.bigint()` when the request arrived: its latency is measured from here. */
  readonly startedAt: bigint;
  /** The caller's address, for the audit of failed client-authentication bursts. */
  readonly sourceIp?: string | undefined;
  /** Where it came in (the request journal keeps them): the Host header and the URL as sent. */
  readonly host?: string | undefined;
  readonly url?: string | undefined;
  /** The body was form-encoded (a tenant may accept JSON only: the acceptFormBodies switch). */
  readonly form?: boolean;
}

/** `application/x-www-form-urlencoded`, whatever the parameters and case. */
export function isFormContentType(contentType: string | undefined): boolean {
  return /^\s*application\/x-www-form-urlencoded\s*(;|$)/i.test(contentType ?? '');
}

/**
 * The tenant's fidelity switches for how a token request may arrive (docs/reference/fidelity.md):
 * Marketing Cloud documents JSON bodies and body credentials only.
 */
function checkTransportAccepted(request: TokenRequest, tenant: TenantEntry): void {
  if (request.form === true && !tenant.fidelity.acceptFormBodies) {
    throw new InvalidRequest('Send the token request as JSON (Content-Type: application/json).');
  }
  if (
    !tenant.fidelity.acceptBasicAuth &&
    request.authorization !== undefined &&
    /^Basic\b/i.test(request.authorization)
  ) {
    throw new InvalidRequest(
      'HTTP Basic client authentication is not accepted: send client_id and client_secret in the body.',
    );
  }
}

/** What one token request turned out to be, gathered along the pipeline for its log line and metrics. */
interface TokenFacts {
  grantType: string | undefined;
  clientId: string | undefined;
  /** `issued`, or the error code answered. */
  outcome: string;
  authFailure: ClientAuthFailureReason | undefined;
}

/** Client ids and subdomains in log lines are what the request claimed: bounded. */
const MAX_LOGGED_LENGTH = 64;

export type TokenEndpoint = (request: TokenRequest) => HttpAnswer | Promise<HttpAnswer>;

/**
 * `POST {auth}v2/token` (PRODUCT.md §4), independent of the HTTP layer: resolve the tenant →
 * check grant_type → authenticateClient → the grant's own pipeline → a no-store answer, or the
 * OAuth error answer. Synchronous when everything it needs is in memory (the usual case):
 * each `await` would cost the hot path a tick.
 *
 * With `PACKGATE_TOKEN_RATE_LIMIT_PER_MINUTE` the authenticated client's budget is counted right
 * after authenticateClient (an unknown client cannot spend another's); with 0 (the default) the
 * limiter is undefined and the path is unchanged.
 */
export function createTokenEndpoint(ctx: AppContext): TokenEndpoint {
  const grants = buildGrants(ctx);
  const issued = new Map([...grants.keys()].map((g) => [g, ctx.metrics.tokensIssued.labels(g)]));
  const logFailure = (err: unknown) => ctx.logger.error({ err }, 'token request failed');
  const logger = requestLogger(ctx.logger);
  // One histogram series per (grant, outcome), kept here: the observation is an array increment.
  const durations = new Map<string, Map<string, HistogramSeries>>();
  const durationOf = (grantType: string | undefined, outcome: string): HistogramSeries => {
    const grant = grantType === undefined ? 'none' : grants.has(grantType) ? grantType : 'unsupported';
    let byOutcome = durations.get(grant);
    if (byOutcome === undefined) {
      byOutcome = new Map();
      durations.set(grant, byOutcome);
    }
    let series = byOutcome.get(outcome);
    if (series === undefined) {
      series = ctx.metrics.tokenRequestDuration.series(grant, outcome);
      byOutcome.set(outcome, series);
    }
    return series;
  };

  /** A retired secret in its grace period: every use is logged and counted (issue 14). */
  function noteRetiredSecretUse(client: AuthenticatedClient, now: number): void {
    const { clientId } = client.entry.integration;
    const secretId = client.secret?.id ?? '';
    ctx.usage.recordRetiredUse(clientId, secretId, now);
    ctx.logger.warn(
      { event: 'client_secret.retired_used', clientId, secretId, graceEndsAt: client.secret?.graceEndsAt },
      'a retired client secret was used during its grace period',
    );
  }

  /** A known client failed to authenticate here: counted into its current burst (never per request audited). */
  function noteAuthFailure(request: TokenRequest): void {
    let clientId: string | undefined;
    try {
      clientId = readClientCredentials(toOAuthParameters(request.body), request.authorization)?.clientId;
    } catch {
      return;
    }
    const entry = clientId === undefined ? undefined : ctx.directory.peekClient(clientId);
    if (!entry || entry.tenant.subdomain !== request.subdomain) return;
    ctx.authFailures.note(
      entry.integration.clientId,
      entry.tenant.id,
      request.sourceIp ?? 'unknown',
      ctx.clock.now(),
    );
  }

  function fail(err: unknown, request: TokenRequest, facts: TokenFacts): HttpAnswer {
    const { authorization } = request;
    // sfmc-auth.md §6.1: the one token-endpoint error in the REST shape, not the OAuth one.
    if (err instanceof RequestsBlocked) {
      ctx.metrics.tokenErrors.inc({ error: 'requests_blocked' });
      facts.outcome = 'requests_blocked';
      return resourceErrorAnswer(err, ctx.config.publicUrl);
    }
    if (err instanceof ClientAuthenticationFailed) {
      facts.authFailure = err.reason;
      facts.clientId = err.clientId;
    }
    const oauth = toOAuthError(err, logFailure);
    ctx.metrics.tokenErrors.inc({ error: oauth.error });
    facts.outcome = oauth.error;
    if (oauth.error === 'invalid_client') noteAuthFailure(request);
    return oauthErrorAnswer(oauth, authorization);
  }

  /** One log line per request (never a secret: the body and the header are not logged). */
  function observe(request: TokenRequest, facts: TokenFacts, answer: HttpAnswer): HttpAnswer {
    const latencyMs = Number(process.hrtime.bigint() - request.startedAt) / 1e6;
    durationOf(facts.grantType, facts.outcome).observe(latencyMs / 1000);
    // The line is only built when it will be written (the level can change at run time).
    if (facts.authFailure ? !logger.isLevelEnabled('warn') : !logger.isLevelEnabled('info')) return answer;
    const line = {
      reqId: request.requestId,
      route: 'token',
      method: 'POST',
      status: answer.statusCode,
      latencyMs: Math.round(latencyMs * 1000) / 1000,
      tenant: request.subdomain.slice(0, MAX_LOGGED_LENGTH),
      clientId: facts.clientId?.slice(0, MAX_LOGGED_LENGTH),
      grantType: facts.grantType?.slice(0, MAX_LOGGED_LENGTH),
      outcome: facts.outcome,
    };
    if (facts.authFailure) {
      logger.warn({ ...line, authFailure: facts.authFailure }, 'client authentication failed');
    } else {
      logger.info(line, 'request');
    }
    return answer;
  }

  async function continueAfterLoad(
    request: TokenRequest,
    facts: TokenFacts,
    pending: Promise<HttpAnswer>,
  ): Promise<HttpAnswer> {
    let answer: HttpAnswer;
    try {
      answer = await pending;
    } catch (err) {
      answer = fail(err, request, facts);
    }
    return observe(request, facts, answer);
  }

  function run(
    request: TokenRequest,
    tenant: TenantEntry,
    facts: TokenFacts,
  ): HttpAnswer | Promise<HttpAnswer> {
    checkTransportAccepted(request, tenant);
    const params = toOAuthParameters(request.body);
    const grantType = params.grant_type;
    if (grantType === undefined || grantType === '') {
      throw new InvalidRequest('The "grant_type" parameter is required.');
    }
    facts.grantType = grantType;
    const grant = grants.get(grantType);
    if (!grant) throw new UnsupportedGrantType(UNSUPPORTED_GRANT);
    const now = ctx.clock.now();
    const succeed = (body: object): HttpAnswer => {
      issued.get(grantType)?.inc();
      return { statusCode: 200, headers: SUCCESS_HEADERS, body: JSON.stringify(body) };
    };
    const auth = authenticateClient(params, request.authorization, tenant, ctx.directory, now);
    const grantFor = (client: AuthenticatedClient) => {
      facts.clientId = client.entry.integration.clientId;
      if (client.secret?.state === 'retired') noteRetiredSecretUse(client, now);
      const result = grant({
        params,
        client: client.entry,
        authMethod: client.method,
        secret: client.secret,
        tenant,
        now,
      });
      return result instanceof Promise ? result.then(succeed) : succeed(result);
    };
    // The tenant's own soft limit (fidelity), else the configured one; 0 = no limiter, no work.
    const limiter = ctx.rateLimits.tokenFor(tenant.fidelity.tokenRateLimitPerMinute);
    const next = limiter ? (client: AuthenticatedClient) => throttle(limiter, client, grantFor) : grantFor;
    return auth instanceof Promise ? auth.then(next) : next(auth);
  }

  /** In memory the count is synchronous; only the Redis limiter makes the request wait. */
  function throttle(
    budget: RateLimiter,
    client: AuthenticatedClient,
    grantFor: (client: AuthenticatedClient) => HttpAnswer | Promise<HttpAnswer>,
  ): HttpAnswer | Promise<HttpAnswer> {
    const proceed = (retryAfterSeconds: number) => {
      if (retryAfterSeconds > 0) throw new RequestsBlocked(retryAfterSeconds);
      return grantFor(client);
    };
    const wait = budget.consume(client.entry.integration.clientId);
    return wait instanceof Promise ? wait.then(proceed) : proceed(wait);
  }

  return (request) => {
    const facts: TokenFacts = {
      grantType: undefined,
      clientId: undefined,
      outcome: 'issued',
      authFailure: undefined,
    };
    let answer: HttpAnswer;
    try {
      const tenant = ctx.directory.peekTenant(request.subdomain);
      const pending = tenant
        ? run(request, tenant, facts)
        : resolveTenant(ctx, request.subdomain).then((loaded) => run(request, loaded, facts));
      if (pending instanceof Promise) return continueAfterLoad(request, facts, pending);
      answer = pending;
    } catch (err) {
      answer = fail(err, request, facts);
    }
    return observe(request, facts, answer);
  };
}
