import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { documented } from '../../openapi/documented.js';
import type { TenantEntry } from '../../setup/directory/client-directory.js';
import { SCOPE_CATALOGUE } from '../../setup/scopes/scope-catalogue.js';
import { AUTH_OPERATIONS } from '../auth-openapi.js';
import { resolveTenant } from '../resolve-tenant.js';

/** RFC 8414 authorization-server metadata for one tenant; `issuer` = the auth base URI. */
export function authorizationServerMetadata(tenant: TenantEntry, extra: Record<string, unknown> = {}) {
  const auth = tenant.baseUris.authBaseUri;
  return {
    issuer: auth,
    token_endpoint: `${auth}v2/token`,
    jwks_uri: `${auth}.well-known/jwks.json`,
    grant_types_supported: ['client_credentials', 'authorization_code', 'refresh_token'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic', 'none'],
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: SCOPE_CATALOGUE.map((s) => s.id),
    ...extra,
  };
}

/**
 * Discovery: the metadata document at `{auth}.well-known/oauth-authorization-server` (PRODUCT.md
 * §3) and at the RFC 8414 §3.1 location (well-known segment inserted before the issuer's path),
 * which standards-strict clients derive from the issuer; and the JWKS.
 */
export function registerMetadataRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  extraMetadata: (tenant: TenantEntry) => Record<string, unknown> = () => ({}),
): void {
  const sendMetadata = async (subdomain: string) => {
    const tenant = await resolveTenant(ctx, subdomain);
    return authorizationServerMetadata(tenant, extraMetadata(tenant));
  };
  app.get<{ Params: { subdomain: string } }>(
    '/:subdomain/auth/.well-known/oauth-authorization-server',
    documented(AUTH_OPERATIONS.metadata),
    (req) => sendMetadata(req.params.subdomain),
  );
  app.get<{ Params: { subdomain: string } }>(
    '/.well-known/oauth-authorization-server/:subdomain/auth',
    documented(AUTH_OPERATIONS.metadataRfc8414),
    (req) => sendMetadata(req.params.subdomain),
  );
  app.get<{ Params: { subdomain: string } }>(
    '/:subdomain/auth/.well-known/jwks.json',
    documented(AUTH_OPERATIONS.jwks),
    async (req, reply) => {
      await resolveTenant(ctx, req.params.subdomain);
      // A cached JWKS must not outlive a next key's publication lead (decision 0010).
      reply.header('cache-control', `public, max-age=${Math.min(300, ctx.config.propagationSeconds)}`);
      return ctx.keys.jwks();
    },
  );
}
