import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { InsufficientScope, InvalidToken, OAuthError } from '../../errors/oauth-errors.js';
import { documented } from '../../openapi/documented.js';
import { AUTH_OPERATIONS } from '../auth-openapi.js';
import { readBearerToken } from '../read-bearer-token.js';
import { resolveTenant } from '../resolve-tenant.js';
import { buildUserInfo } from './userinfo-body.js';

/**
 * `GET {auth}v2/userinfo` (and POST, OpenID Connect Core §5.3.1): who the user of a user
 * token is, in the token's BU. No scope is needed; the token must be a user token of this
 * tenant. Errors carry the RFC 6750 §3 challenge.
 */
export function registerUserInfoRoute(app: FastifyInstance, ctx: AppContext): void {
  const handler = async (request: FastifyRequest<{ Params: { subdomain: string } }>, reply: FastifyReply) => {
    const tenant = await resolveTenant(ctx, request.params.subdomain);
    const realm = tenant.baseUris.authBaseUri;
    try {
      const token = readBearerToken(request.headers.authorization);
      const { claims } = await ctx.verifier.verify(token);
      if (claims.iss !== tenant.baseUris.authBaseUri) {
        throw new InvalidToken('The access token was issued for another tenant.');
      }
      if (claims.uid === undefined) {
        throw new InsufficientScope(
          'userinfo needs a user token (web or public app), not a server-to-server token.',
        );
      }
      const user = await ctx.store.users.findUser(tenant.tenant.id, claims.uid);
      if (!user) throw new InvalidToken('The user of this access token no longer exists.');
      const integration = await ctx.store.packages.findIntegrationByClientId(claims.client_id);
      const pkg =
        integration && (await ctx.store.packages.findPackage(tenant.tenant.id, integration.packageId));
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      return buildUserInfo({
        claims,
        user,
        tenant: tenant.tenant,
        baseUris: tenant.baseUris,
        pkg,
        integration,
        oidcView: (request.query as Record<string, unknown> | undefined)?.view === 'oidc',
      });
    } catch (err) {
      if (err instanceof OAuthError) {
        const sent = request.headers.authorization !== undefined;
        const detail = sent && err.statusCode !== 400 ? `, error="${err.error}"` : '';
        reply.header('www-authenticate', `Bearer realm="${realm}"${detail}`);
      }
      throw err;
    }
  };
  app.get('/:subdomain/auth/v2/userinfo', documented(AUTH_OPERATIONS.userinfo), handler);
  app.post('/:subdomain/auth/v2/userinfo', documented(AUTH_OPERATIONS.userinfoPost), handler);
}
