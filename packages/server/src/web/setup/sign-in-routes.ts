import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { consumeSetupLink, isSetupLinkLive, setupLinkPath } from '../../setup/sessions/setup-link-service.js';
import { checkCredentials } from '../../setup/users/check-credentials.js';
import type { CsrfGuard } from '../csrf.js';
import { LoginThrottle } from '../login-throttle.js';
import { formValue, sendPage } from './setup-kit.js';
import {
  endSetupSession,
  ensureSetupCsrfBinding,
  readSetupSession,
  startSetupSession,
} from './setup-session.js';
import { renderRefusedPage, renderSetupLinkPage, renderSignInPage } from './sign-in-pages.js';

type TokenParams = { Params: { token: string } };

/**
 * Signing in to Setup: the operator with a one-time link (GET shows a button, POST spends the
 * link), tenant users holding Installed Package | Administer with their password (the login
 * page's credential check and throttle) and sign-out.
 */
export function registerSignInRoutes(app: FastifyInstance, ctx: AppContext, csrf: CsrfGuard): void {
  const throttle = new LoginThrottle(ctx.rateLimits);
  const tokenFor = (request: FastifyRequest, reply: FastifyReply) =>
    csrf.tokenFor(ensureSetupCsrfBinding(ctx, request, reply));
  const hide = { schema: { hide: true } };

  app.get('/sign-in', hide, async (request, reply) => {
    if (await readSetupSession(ctx, request)) return reply.redirect('/setup/');
    const tenants = await ctx.store.tenants.listTenants();
    const subdomain = tenants.length === 1 ? tenants[0]?.subdomain : undefined;
    return sendPage(reply, 200, renderSignInPage({ csrfToken: tokenFor(request, reply), subdomain }));
  });

  app.post('/sign-in', hide, async (request, reply) => {
    const subdomain = formValue(request.body, 'subdomain').trim();
    const username = formValue(request.body, 'username');
    const password = formValue(request.body, 'password');
    const again = (status: number, error: string) =>
      sendPage(
        reply,
        status,
        renderSignInPage({ csrfToken: tokenFor(request, reply), subdomain, username, error }),
      );
    if (!subdomain || !username || !password) {
      return sendPage(
        reply,
        400,
        renderSignInPage({
          csrfToken: tokenFor(request, reply),
          subdomain,
          username,
          errors: {
            ...(subdomain ? {} : { subdomain: 'Enter the tenant subdomain.' }),
            ...(username ? {} : { username: 'Enter your username.' }),
            ...(password ? {} : { password: 'Enter your password.' }),
          },
        }),
      );
    }
    const tenant =
      subdomain.length <= 64 ? await ctx.store.tenants.findTenantBySubdomain(subdomain) : undefined;
    // An unknown tenant is throttled and checked like a wrong password: nothing tells them apart.
    const attempt = await throttle.attempt(
      tenant?.id ?? `unknown:${subdomain.slice(0, 64)}`,
      username,
      request.ip,
    );
    if (attempt.refused) {
      reply.header('retry-after', String(attempt.retryAfterSeconds));
      const who = attempt.refused === 'username' ? 'for this username' : 'from your network';
      return again(
        429,
        `Too many failed sign-ins ${who}: try again in ${attempt.retryAfterSeconds} seconds.`,
      );
    }
    const user = await checkCredentials(ctx.store, tenant?.id ?? '', username, password);
    if (!tenant || !user) return again(401, 'The tenant, username or password is not correct.');
    await attempt.succeeded();
    if (!user.administerPackages) {
      return sendPage(
        reply,
        403,
        renderRefusedPage({ csrfToken: tokenFor(request, reply), username: user.username }),
      );
    }
    await startSetupSession(ctx, reply, { tenantId: tenant.id, userId: user.id });
    return reply.code(303).redirect(`/setup/${tenant.subdomain}/packages`);
  });

  app.get<TokenParams>('/sign-in/link/:token', hide, async (request, reply) => {
    const live = await isSetupLinkLive(ctx.store, request.params.token, ctx.clock.now());
    const html = renderSetupLinkPage({
      csrfToken: tokenFor(request, reply),
      action: setupLinkPath(request.params.token),
      live,
    });
    return sendPage(reply, live ? 200 : 410, html);
  });

  app.post<TokenParams>('/sign-in/link/:token', hide, async (request, reply) => {
    const who = { actor: 'operator (Setup UI)', sourceIp: request.ip };
    if (!(await consumeSetupLink(ctx.store, who, request.params.token, ctx.clock.now()))) {
      const html = renderSetupLinkPage({ csrfToken: tokenFor(request, reply), action: '', live: false });
      return sendPage(reply, 410, html);
    }
    await startSetupSession(ctx, reply, { tenantId: null, userId: null });
    return reply.code(303).redirect('/setup/');
  });

  app.post('/sign-out', hide, async (request, reply) => {
    await endSetupSession(ctx, reply, await readSetupSession(ctx, request));
    return reply.code(303).redirect('/setup/sign-in');
  });
}
