import type { AppContext } from '../../app-context.js';
import { InvalidRequest, UnsupportedGrantType } from '../../errors/oauth-errors.js';
import { RequestsBlocked, resourceErrorAnswer } from '../../errors/resource-errors.js';
import { type HttpAnswer, oauthErrorAnswer, toOAuthError } from '../../errors/send-error.js';
import type { RateLimiter } from '../../rate-limits/rate-limiter.js';
import type { TenantEntry } from '../../setup/directory/client-directory.js';
import { type AuthenticatedClient, authenticateClient } from '../client-auth/authenticate-client.js';
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

  function fail(err: unknown, authorization: string | undefined): HttpAnswer {
    // sfmc-auth.md §6.1: the one token-endpoint error in the REST shape, not the OAuth one.
    if (err instanceof RequestsBlocked) {
      ctx.metrics.tokenErrors.inc({ error: 'requests_blocked' });
      return resourceErrorAnswer(err, ctx.config.publicUrl);
    }
    const oauth = toOAuthError(err, logFailure);
    ctx.metrics.tokenErrors.inc({ error: oauth.error });
    return oauthErrorAnswer(oauth, authorization);
  }

  async function continueAfterLoad(request: TokenRequest, pending: Promise<HttpAnswer>): Promise<HttpAnswer> {
    try {
      return await pending;
    } catch (err) {
      return fail(err, request.authorization);
    }
  }

  function run(request: TokenRequest, tenant: TenantEntry): HttpAnswer | Promise<HttpAnswer> {
    checkTransportAccepted(request, tenant);
    const params = toOAuthParameters(request.body);
    const grantType = params.grant_type;
    if (grantType === undefined || grantType === '') {
      throw new InvalidRequest('The "grant_type" parameter is required.');
    }
    const grant = grants.get(grantType);
    if (!grant) throw new UnsupportedGrantType(UNSUPPORTED_GRANT);
    const now = ctx.clock.now();
    const succeed = (body: object): HttpAnswer => {
      issued.get(grantType)?.inc();
      return { statusCode: 200, headers: SUCCESS_HEADERS, body: JSON.stringify(body) };
    };
    const auth = authenticateClient(params, request.authorization, tenant, ctx.directory, now);
    const grantFor = (client: AuthenticatedClient) => {
      const result = grant({ params, client: client.entry, authMethod: client.method, tenant, now });
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
    try {
      const tenant = ctx.directory.peekTenant(request.subdomain);
      const answer = tenant
        ? run(request, tenant)
        : resolveTenant(ctx, request.subdomain).then((loaded) => run(request, loaded));
      return answer instanceof Promise ? continueAfterLoad(request, answer) : answer;
    } catch (err) {
      return fail(err, request.authorization);
    }
  };
}
