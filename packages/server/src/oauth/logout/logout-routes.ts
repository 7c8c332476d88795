import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { documented } from '../../openapi/documented.js';
import { revokeMatchingFamilies } from '../../tokens/user-tokens.js';
import { renderLogoutPage } from '../../web/authorize-pages.js';
import type { CsrfGuard } from '../../web/csrf.js';
import { PAGE_HEADERS } from '../../web/html.js';
import {
  clearLoginSessionCookie,
  ensureCsrfBinding,
  readCsrfBinding,
  readLoginSession,
} from '../../web/login-session.js';
import { AUTH_OPERATIONS } from '../auth-openapi.js';
import { toOAuthParameters } from '../parse-parameters.js';
import { resolveTenant } from '../resolve-tenant.js';

type Params = { Params: { subdomain: string } };

/**
 * `{auth}v2/logout`: GET shows a sign-out button (a GET must not change state, or any page
 * could log the user out with an <img>); the CSRF-checked POST ends the login session and
 * revokes every token issued under it without `offline` (sfmc-auth.md §4.1): refresh tokens
 * and their access tokens. Tokens granted `offline` keep working.
 */
export function registerLogoutRoutes(app: FastifyInstance, ctx: AppContext, csrf: CsrfGuard): void {
  const action = (authBaseUri: string) => `${authBaseUri}v2/logout`;

  app.get<Params>(
    '/:subdomain/auth/v2/logout',
    documented(AUTH_OPERATIONS.logoutPage),
    async (request, reply) => {
      const tenant = await resolveTenant(ctx, request.params.subdomain);
      const session = await readLoginSession(ctx, request, tenant);
      const binding = ensureCsrfBinding(request, reply, tenant);
      return send(
        reply,
        200,
        renderLogoutPage({
          action: action(tenant.baseUris.authBaseUri),
          csrfToken: csrf.tokenFor(binding),
          ...(session ? { username: session.user.username } : {}),
        }),
      );
    },
  );

  app.post<Params>(
    '/:subdomain/auth/v2/logout',
    documented(AUTH_OPERATIONS.logout),
    async (request: FastifyRequest<Params>, reply) => {
      const tenant = await resolveTenant(ctx, request.params.subdomain);
      const params = toOAuthParameters(request.body);
      const session = await readLoginSession(ctx, request, tenant);
      if (!csrf.isValid(readCsrfBinding(request), params.csrf_token)) {
        const binding = ensureCsrfBinding(request, reply, tenant);
        return send(
          reply,
          403,
          renderLogoutPage({
            action: action(tenant.baseUris.authBaseUri),
            csrfToken: csrf.tokenFor(binding),
            ...(session ? { username: session.user.username } : {}),
          }),
        );
      }
      if (session) {
        const now = ctx.clock.now();
        await ctx.store.userTokens.endSession(session.idHash, now);
        await revokeMatchingFamilies(ctx, { sessionHash: session.idHash, onlineOnly: true }, now);
      }
      clearLoginSessionCookie(reply, tenant);
      return send(reply, 200, renderLogoutPage({ action: '', csrfToken: '' }));
    },
  );
}

function send(reply: FastifyReply, status: number, html: string) {
  return reply.code(status).headers(PAGE_HEADERS).send(html);
}
