import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { InvalidRequest, OAuthError, UnsupportedGrantType } from '../../errors/oauth-errors.js';
import { authenticateClient } from '../client-auth/authenticate-client.js';
import { toOAuthParameters } from '../parse-parameters.js';
import { resolveTenant } from '../resolve-tenant.js';
import { buildGrants } from './grants/index.js';

const UNSUPPORTED_GRANT =
  'Use "authorization_code" or "refresh_token" or "client_credentials" as the grant_type.';

/**
 * `POST {auth}v2/token` (PRODUCT.md §4): parse → check grant_type → authenticateClient →
 * the grant's own pipeline → a no-store JSON response.
 */
export function registerTokenRoute(app: FastifyInstance, ctx: AppContext): void {
  const grants = buildGrants(ctx);
  const issued = new Map([...grants.keys()].map((g) => [g, ctx.metrics.tokensIssued.labels(g)]));
  app.post<{ Params: { subdomain: string } }>('/:subdomain/auth/v2/token', async (request, reply) => {
    try {
      const subdomain = request.params.subdomain;
      // The usual case is answered from memory without yielding: each `await` costs a tick.
      const tenant = ctx.directory.peekTenant(subdomain) ?? (await resolveTenant(ctx, subdomain));
      const params = toOAuthParameters(request.body);
      const grantType = params.grant_type;
      if (grantType === undefined || grantType === '') {
        throw new InvalidRequest('The "grant_type" parameter is required.');
      }
      const grant = grants.get(grantType);
      if (!grant) throw new UnsupportedGrantType(UNSUPPORTED_GRANT);
      const now = ctx.clock.now();
      const auth = authenticateClient(params, request.headers.authorization, tenant, ctx.directory, now);
      const client = auth instanceof Promise ? await auth : auth;
      const result = grant({ params, client: client.entry, authMethod: client.method, tenant, now });
      const body = result instanceof Promise ? await result : result;
      issued.get(grantType)?.inc();
      reply.headers(NO_STORE);
      return body;
    } catch (err) {
      if (err instanceof OAuthError) ctx.metrics.tokenErrors.inc({ error: err.error });
      throw err;
    }
  });
}

/** RFC 6749 §5.1: token responses must not be cached. */
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };
