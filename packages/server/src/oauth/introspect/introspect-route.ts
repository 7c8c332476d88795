import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { InvalidToken } from '../../errors/oauth-errors.js';
import { documented } from '../../openapi/documented.js';
import type { TenantEntry } from '../../setup/directory/client-directory.js';
import { MAX_OPAQUE_TOKEN_LENGTH, opaqueTokenHash } from '../../tokens/opaque-token.js';
import { AUTH_OPERATIONS } from '../auth-openapi.js';
import { authenticateClient, ClientAuthenticationFailed } from '../client-auth/authenticate-client.js';
import { requireParameter, toOAuthParameters } from '../parse-parameters.js';
import { resolveTenant } from '../resolve-tenant.js';

const INACTIVE = { active: false } as const;

/**
 * `POST {auth}v2/introspect` (RFC 7662): any confidential client of the tenant (it must
 * authenticate, §2.1), for access and refresh tokens of that tenant. Anything expired,
 * revoked, malformed or of another tenant is `{"active": false}` and nothing more (§2.2).
 */
export function registerIntrospectRoute(app: FastifyInstance, ctx: AppContext): void {
  app.post<{ Params: { subdomain: string } }>(
    '/:subdomain/auth/v2/introspect',
    documented(AUTH_OPERATIONS.introspect),
    async (request, reply) => {
      const tenant = await resolveTenant(ctx, request.params.subdomain);
      const params = toOAuthParameters(request.body);
      const now = ctx.clock.now();
      const { method, entry } = await authenticateClient(
        params,
        request.headers.authorization,
        tenant,
        ctx.directory,
        now,
      );
      if (method === 'none') {
        throw new ClientAuthenticationFailed(
          'public_client_not_allowed',
          entry.integration.clientId,
          'Introspection is for confidential clients: a public app cannot authenticate.',
        );
      }
      const token = requireParameter(params, 'token');
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      return token.includes('.')
        ? introspectAccessToken(ctx, tenant, token)
        : introspectRefreshToken(ctx, tenant, token, now);
    },
  );
}

async function introspectAccessToken(ctx: AppContext, tenant: TenantEntry, token: string) {
  let verified: Awaited<ReturnType<AppContext['verifier']['verify']>>;
  try {
    verified = await ctx.verifier.verify(token);
  } catch (err) {
    if (err instanceof InvalidToken) return INACTIVE;
    throw err;
  }
  const { claims, scopes } = verified;
  if (claims.iss !== tenant.baseUris.authBaseUri) return INACTIVE;
  return {
    active: true,
    scope: scopes.join(' '),
    client_id: claims.client_id,
    token_type: 'Bearer',
    exp: claims.exp,
    iat: claims.iat,
    sub: claims.sub,
    iss: claims.iss,
    jti: claims.jti,
    tenant: tenant.tenant.subdomain,
    eid: claims.eid,
    mid: claims.mid,
    client_type: claims.client_type,
    ...(claims.uid === undefined ? {} : { uid: claims.uid }),
  };
}

async function introspectRefreshToken(ctx: AppContext, tenant: TenantEntry, token: string, now: number) {
  if (token.length > MAX_OPAQUE_TOKEN_LENGTH) return INACTIVE;
  const record = await ctx.store.userTokens.findRefreshToken(opaqueTokenHash(token));
  const family = record && (await ctx.store.userTokens.findFamily(record.familyId));
  if (!record || !family || family.tenantId !== tenant.tenant.id) return INACTIVE;
  if (record.state !== 'active' || family.revokedAt !== null || record.expiresAt <= now) return INACTIVE;
  return {
    active: true,
    scope: family.scopes.join(' '),
    client_id: family.clientId,
    token_type: 'refresh_token',
    exp: Math.floor(record.expiresAt / 1000),
    iat: Math.floor(record.createdAt / 1000),
    sub: String(family.userId),
    iss: tenant.baseUris.authBaseUri,
    tenant: tenant.tenant.subdomain,
    eid: tenant.tenant.eid,
    mid: record.mid,
    uid: family.userId,
  };
}
