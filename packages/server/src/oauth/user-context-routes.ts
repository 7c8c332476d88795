import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import type { TenantEntry } from '../setup/directory/client-directory.js';
import { purgeExpiredUserTokens, USER_TOKEN_PURGE_INTERVAL_MS } from '../tokens/user-tokens.js';
import { loadCsrfGuard } from '../web/csrf.js';
import { registerAuthorizeRoutes } from './authorize/authorize-routes.js';
import { registerIntrospectRoute } from './introspect/introspect-route.js';
import { registerLogoutRoutes } from './logout/logout-routes.js';
import { registerRevokeRoute } from './revoke/revoke-route.js';
import { registerUserInfoRoute } from './userinfo/userinfo-route.js';

/** The user-context endpoints of the auth base URI (issue 3), registered in its scope. */
export async function registerUserContextRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const csrf = await loadCsrfGuard(ctx.store);
  // Cookies only where a browser session lives: the cookie plugin's hooks would otherwise run
  // on every request of the auth base URI, the token endpoint's hot path included.
  await app.register(async (browser) => {
    await browser.register(cookie);
    registerAuthorizeRoutes(browser, ctx, csrf);
    registerLogoutRoutes(browser, ctx, csrf);
  });
  registerUserInfoRoute(app, ctx);
  registerRevokeRoute(app, ctx);
  registerIntrospectRoute(app, ctx);
  schedulePurge(app, ctx);
}

/** Deletes expired user-context rows every few minutes while the app lives. */
function schedulePurge(app: FastifyInstance, ctx: AppContext): void {
  const timer = setInterval(() => {
    purgeExpiredUserTokens(ctx, ctx.clock.now()).catch((err: unknown) => {
      app.log.warn({ err }, 'purging expired user tokens failed; the next run retries');
    });
  }, USER_TOKEN_PURGE_INTERVAL_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}

/** Metadata entries (RFC 8414) of those endpoints. */
export function userContextMetadata(tenant: TenantEntry): Record<string, unknown> {
  const auth = tenant.baseUris.authBaseUri;
  return {
    authorization_endpoint: `${auth}v2/authorize`,
    userinfo_endpoint: `${auth}v2/userinfo`,
    revocation_endpoint: `${auth}v2/revoke`,
    revocation_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic', 'none'],
    introspection_endpoint: `${auth}v2/introspect`,
    introspection_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
    end_session_endpoint: `${auth}v2/logout`,
    authorization_response_iss_parameter_supported: true,
  };
}
