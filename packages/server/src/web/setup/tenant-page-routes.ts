import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { createTenant, deleteTenant, findTenantOrThrow } from '../../setup/tenants/tenant-service.js';
import type { CsrfGuard } from '../csrf.js';
import type { FieldErrors } from './components.js';
import { formValue, sendPage } from './setup-kit.js';
import { actorOf, ensureSetupCsrfBinding, readSetupSession, type SetupPrincipal } from './setup-session.js';
import { renderDeleteTenantPage, renderTenantsPage } from './tenant-pages.js';

type Sub = { Params: { sub: string } };
const hide = { schema: { hide: true } };

/** The operator's tenants: choose one (switch), create one, delete one (type its subdomain). */
export function registerTenantPageRoutes(app: FastifyInstance, ctx: AppContext, csrf: CsrfGuard): void {
  /** The operator's session, or a redirect (sign-in) / a tenant user's own tenant. */
  const operator = async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = await readSetupSession(ctx, request);
    if (!principal) {
      await reply.code(303).redirect('/setup/sign-in');
      return undefined;
    }
    if (principal.kind === 'user') {
      await reply.code(303).redirect(`/setup/${principal.tenant.subdomain}/packages`);
      return undefined;
    }
    return principal;
  };
  const frameOf = (
    request: FastifyRequest,
    reply: FastifyReply,
    principal: SetupPrincipal,
    title: string,
  ) => ({
    title,
    csrfToken: csrf.tokenFor(ensureSetupCsrfBinding(ctx, request, reply)),
    viewer: { label: 'Operator', isOperator: true, tenantName: principal.tenant?.name, subdomain: undefined },
  });
  const listPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    principal: SetupPrincipal,
    values: { name: string },
    errors: FieldErrors,
    notice?: string,
  ) =>
    renderTenantsPage({
      frame: frameOf(request, reply, principal, 'Tenants'),
      tenants: await ctx.store.tenants.listTenants(),
      events: await ctx.store.audit.listEvents(null, { limit: 20 }),
      values,
      errors,
      notice,
    });

  app.get<{ Querystring: { deleted?: string } }>('/tenants', hide, async (request, reply) => {
    const principal = await operator(request, reply);
    if (!principal) return reply;
    const notice = request.query.deleted ? 'Tenant deleted.' : undefined;
    return sendPage(reply, 200, await listPage(request, reply, principal, { name: '' }, {}, notice));
  });

  app.post('/tenants', hide, async (request, reply) => {
    const principal = await operator(request, reply);
    if (!principal) return reply;
    const name = formValue(request.body, 'name').trim();
    if (!name || name.length > 200) {
      const errors = { name: name ? 'Use at most 200 characters.' : 'Enter a name.' };
      return sendPage(reply, 400, await listPage(request, reply, principal, { name }, errors));
    }
    const tenant = await createTenant(ctx.store, actorOf(principal, request), name, ctx.clock.now());
    return reply.code(303).redirect(`/setup/${tenant.subdomain}/packages`);
  });

  app.get<Sub>('/tenants/:sub/delete', hide, async (request, reply) => {
    const principal = await operator(request, reply);
    if (!principal) return reply;
    const tenant = await findTenantOrThrow(ctx.store, request.params.sub);
    const frame = frameOf(request, reply, principal, `Delete ${tenant.name}`);
    return sendPage(reply, 200, renderDeleteTenantPage({ frame, tenant, errors: {} }));
  });

  app.post<Sub>('/tenants/:sub/delete', hide, async (request, reply) => {
    const principal = await operator(request, reply);
    if (!principal) return reply;
    const tenant = await findTenantOrThrow(ctx.store, request.params.sub);
    if (formValue(request.body, 'confirm').trim() !== tenant.subdomain) {
      const frame = frameOf(request, reply, principal, `Delete ${tenant.name}`);
      const errors = { confirm: 'The subdomain does not match: type it exactly as shown.' };
      return sendPage(reply, 400, renderDeleteTenantPage({ frame, tenant, errors }));
    }
    await deleteTenant(ctx.store, actorOf(principal, request), tenant.subdomain, ctx.clock.now());
    ctx.directory.invalidateTenant(tenant.subdomain);
    return reply.code(303).redirect('/setup/tenants?deleted=1');
  });
}
