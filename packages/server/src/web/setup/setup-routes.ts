import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkStorableText } from '../../admin/check-storable-text.js';
import type { AppContext } from '../../app-context.js';
import { AdminError } from '../../errors/admin-errors.js';
import { describeFrameworkError } from '../../errors/send-error.js';
import { findTenantOrThrow } from '../../setup/tenants/tenant-service.js';
import { type CsrfGuard, loadCsrfGuard } from '../csrf.js';
import { registerDataRoutes } from './data-routes.js';
import { registerDirectoryRoutes } from './directory-routes.js';
import { registerGovernancePageRoutes } from './governance-page-routes.js';
import { registerPackagePageRoutes } from './package-routes.js';
import { SETUP_CSS, SETUP_JS } from './setup-assets.js';
import { sendPage, type TenantRequest, tenantRequest } from './setup-kit.js';
import {
  ensureSetupCsrfBinding,
  readSetupCsrfBinding,
  readSetupSession,
  switchSetupTenant,
} from './setup-session.js';
import { renderMessagePage } from './sign-in-pages.js';
import { registerSignInRoutes } from './sign-in-routes.js';
import { registerTenantPageRoutes } from './tenant-page-routes.js';

/** Form posts of the Setup UI are small; the Data Extension row forms are the largest. */
export const SETUP_BODY_LIMIT_BYTES = 256 * 1024;

type SubParams = { Params: { sub: string } };

/** Adds the signed-in tenant request to a request of a `/setup/:sub/…` route. */
export type TenantRoutes = (
  app: FastifyInstance,
  ctx: AppContext,
  tenantOf: (request: FastifyRequest) => TenantRequest,
) => void;

/**
 * The Setup UI under `/setup/` (issue 9): server-rendered pages, a strict CSP, a CSRF token on
 * every form, sessions in the store. Every change goes through the setup/ services, as the
 * admin API's do.
 */
export async function setupRoutes(app: FastifyInstance, opts: { ctx: AppContext }): Promise<void> {
  const { ctx } = opts;
  const csrf = await loadCsrfGuard(ctx.store);
  await app.register(cookie);
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: SETUP_BODY_LIMIT_BYTES },
    (_req, body, done) => done(null, parseFormBody(body as string)),
  );
  app.setErrorHandler((err, request, reply) => sendErrorPage(ctx, csrf, request, reply, err));
  app.setNotFoundHandler((request, reply) =>
    sendPage(
      reply,
      404,
      messagePage(ctx, csrf, request, reply, 'Page not found', 'There is no such page in Setup.'),
    ),
  );

  // Every form post carries its CSRF token (signed double submit, web/csrf.ts).
  app.addHook('preHandler', async (request) => {
    if (request.method !== 'POST') return;
    checkStorableText(request.body);
    const token = (request.body as Record<string, unknown> | undefined)?.csrf_token;
    if (!csrf.isValid(readSetupCsrfBinding(request), typeof token === 'string' ? token : undefined)) {
      throw new CsrfRefused();
    }
  });

  app.get('/assets/setup.css', { schema: { hide: true } }, async (_req, reply) =>
    reply
      .header('content-type', 'text/css; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .send(SETUP_CSS),
  );
  app.get('/assets/setup.js', { schema: { hide: true } }, async (_req, reply) =>
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .send(SETUP_JS),
  );
  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    const principal = await readSetupSession(ctx, request);
    if (!principal) return reply.redirect('/setup/sign-in');
    if (principal.tenant) return reply.redirect(`/setup/${principal.tenant.subdomain}/packages`);
    const tenants = await ctx.store.tenants.listTenants();
    return reply.redirect(
      tenants.length === 1 && tenants[0] ? `/setup/${tenants[0].subdomain}/packages` : '/setup/tenants',
    );
  });
  registerSignInRoutes(app, ctx, csrf);
  registerTenantPageRoutes(app, ctx, csrf);

  // Tenant pages: a live session, and the tenant in the URL is one the principal may manage.
  await app.register(async (tenantScope) => {
    const requests = new WeakMap<FastifyRequest, TenantRequest>();
    tenantScope.addHook('preHandler', async (request: FastifyRequest<SubParams>, reply) => {
      const principal = await readSetupSession(ctx, request);
      if (!principal) return reply.code(303).redirect('/setup/sign-in');
      const tenant =
        principal.kind === 'user'
          ? principal.tenant.subdomain === request.params.sub
            ? principal.tenant
            : undefined
          : await findTenantOrThrow(ctx.store, request.params.sub).catch(() => undefined);
      if (!tenant) {
        const page = messagePage(
          ctx,
          csrf,
          request,
          reply,
          'Tenant not found',
          'You cannot manage this tenant.',
        );
        return sendPage(reply, 404, page);
      }
      if (principal.kind === 'operator' && principal.tenant?.id !== tenant.id) {
        await switchSetupTenant(ctx, principal, tenant);
      }
      requests.set(request, tenantRequest(ctx, csrf, request, reply, principal, tenant));
    });
    const tenantOf = (request: FastifyRequest) => {
      const found = requests.get(request);
      if (!found) throw new Error('tenant request missing');
      return found;
    };
    registerPackagePageRoutes(tenantScope, ctx, tenantOf);
    registerDirectoryRoutes(tenantScope, ctx, tenantOf);
    registerDataRoutes(tenantScope, ctx, tenantOf);
    registerGovernancePageRoutes(tenantScope, ctx, tenantOf);
  });
}

/** A post without its CSRF token (or with a stale one): refused, nothing changes. */
class CsrfRefused extends Error {}

function parseFormBody(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    const seen = out[name];
    out[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return out;
}

function messagePage(
  ctx: AppContext,
  csrf: CsrfGuard,
  request: FastifyRequest,
  reply: FastifyReply,
  heading: string,
  message: string,
): string {
  const csrfToken = csrf.tokenFor(ensureSetupCsrfBinding(ctx, request, reply));
  return renderMessagePage({ frame: { title: heading, csrfToken }, heading, message });
}

/** Every failure as a page in plain words: 4xx say what was wrong, ≥ 500 are logged and generic. */
function sendErrorPage(
  ctx: AppContext,
  csrf: CsrfGuard,
  request: FastifyRequest,
  reply: FastifyReply,
  err: unknown,
): FastifyReply {
  if (err instanceof CsrfRefused) {
    const message = 'This form expired or did not come from this Setup page. Open the page again and retry.';
    return sendPage(reply, 403, messagePage(ctx, csrf, request, reply, 'Form expired', message));
  }
  if (err instanceof AdminError) {
    return sendPage(
      reply,
      err.statusCode,
      messagePage(ctx, csrf, request, reply, 'Cannot do that', err.message),
    );
  }
  const framework = describeFrameworkError(err as Parameters<typeof describeFrameworkError>[0]);
  if (framework) {
    return sendPage(
      reply,
      framework.status,
      messagePage(ctx, csrf, request, reply, 'Bad request', framework.message),
    );
  }
  ctx.logger.error({ err, route: request.routeOptions.url }, 'setup page failed');
  const message = 'Something went wrong on the server. The error was logged; try again.';
  return sendPage(reply, 500, messagePage(ctx, csrf, request, reply, 'Server error', message));
}
