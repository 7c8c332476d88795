import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { InvalidRequest, InvalidToken } from '../../errors/oauth-errors.js';
import { documented } from '../../openapi/documented.js';
import type { ClientEntry, TenantEntry } from '../../setup/directory/client-directory.js';
import { MAX_OPAQUE_TOKEN_LENGTH, opaqueTokenHash } from '../../tokens/opaque-token.js';
import { revokeTokenFamilies } from '../../tokens/user-tokens.js';
import { AUTH_OPERATIONS } from '../auth-openapi.js';
import { authenticateClient } from '../client-auth/authenticate-client.js';
import { requireParameter, toOAuthParameters } from '../parse-parameters.js';
import { resolveTenant } from '../resolve-tenant.js';

const NOT_YOURS = 'The token was not issued to this client: a client can revoke only its own tokens.';

/**
 * `POST {auth}v2/revoke` (RFC 7009): confidential clients authenticate, public apps send their
 * `client_id`. Revoking a refresh token revokes its whole family (every access token issued
 * from that authorization); an access token is added to the deny list. Unknown, expired or
 * foreign-tenant tokens answer 200 (§2.2), as does a repeated revocation.
 */
export function registerRevokeRoute(app: FastifyInstance, ctx: AppContext): void {
  app.post<{ Params: { subdomain: string } }>(
    '/:subdomain/auth/v2/revoke',
    documented(AUTH_OPERATIONS.revoke),
    async (request, reply) => {
      const tenant = await resolveTenant(ctx, request.params.subdomain);
      const params = toOAuthParameters(request.body);
      const now = ctx.clock.now();
      const { entry } = await authenticateClient(
        params,
        request.headers.authorization,
        tenant,
        ctx.directory,
        now,
      );
      const token = requireParameter(params, 'token');
      // §2.1: the hint only speeds up the lookup; the shape of the token tells us as well.
      if (token.includes('.')) await revokeAccessToken(ctx, tenant, entry, token);
      else await revokeRefreshToken(ctx, tenant, entry, token, now);
      return reply.code(200).header('cache-control', 'no-store').header('pragma', 'no-cache').send();
    },
  );
}

async function revokeRefreshToken(
  ctx: AppContext,
  tenant: TenantEntry,
  client: ClientEntry,
  token: string,
  now: number,
): Promise<void> {
  if (token.length > MAX_OPAQUE_TOKEN_LENGTH) return;
  const record = await ctx.store.userTokens.findRefreshToken(opaqueTokenHash(token));
  const family = record && (await ctx.store.userTokens.findFamily(record.familyId));
  if (!family || family.tenantId !== tenant.tenant.id) return;
  if (family.clientId !== client.integration.clientId) throw new InvalidRequest(NOT_YOURS);
  await revokeTokenFamilies(ctx, [family.id], now);
}

async function revokeAccessToken(
  ctx: AppContext,
  tenant: TenantEntry,
  client: ClientEntry,
  token: string,
): Promise<void> {
  let verified: Awaited<ReturnType<AppContext['verifier']['verify']>>;
  try {
    verified = await ctx.verifier.verify(token);
  } catch (err) {
    if (err instanceof InvalidToken) return; // invalid, expired or already revoked: nothing to do
    throw err;
  }
  if (verified.claims.iss !== tenant.baseUris.authBaseUri) return;
  if (verified.claims.client_id !== client.integration.clientId) throw new InvalidRequest(NOT_YOURS);
  await ctx.revocations.revoke([{ jti: verified.claims.jti, expiresAt: verified.expiresAt }]);
}
