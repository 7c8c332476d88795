import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../app-context.js';
import type { Actor } from '../setup/audit.js';
import {
  FidelityOverrides,
  type FidelityOverridesValue,
  fidelityDefaults,
  resolveFidelity,
} from '../setup/fidelity/fidelity.js';
import { readFidelityOverrides, setFidelityOverrides } from '../setup/fidelity/fidelity-service.js';
import { findTenantOrThrow } from '../setup/tenants/tenant-service.js';
import { ErrorBody, SubdomainParams } from './admin-schemas.js';

const Effective = Type.Required(FidelityOverrides);
const FidelityBody = Type.Object({
  overrides: FidelityOverrides,
  defaults: Effective,
  effective: Effective,
});

/** `/tenants/{sub}/fidelity`: the tenant's fidelity switches (docs/reference/fidelity.md). */
export function registerFidelityRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  actorOf: (req: unknown) => Actor,
): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['fidelity'];
  const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody };
  const present = (overrides: FidelityOverridesValue) => ({
    overrides,
    defaults: fidelityDefaults(ctx.config),
    effective: resolveFidelity(ctx.config, overrides),
  });

  r.get(
    '/tenants/:sub/fidelity',
    {
      schema: {
        operationId: 'getTenantFidelity',
        summary: "Read a tenant's fidelity switches: its overrides, the global defaults and what applies",
        tags,
        params: SubdomainParams,
        response: { 200: FidelityBody, ...errors },
      },
    },
    async (req) => {
      const tenant = await findTenantOrThrow(ctx.store, req.params.sub);
      return present(await readFidelityOverrides(ctx.store, tenant));
    },
  );

  r.put(
    '/tenants/:sub/fidelity',
    {
      schema: {
        operationId: 'setTenantFidelity',
        summary: "Replace a tenant's fidelity overrides ({} restores every global default)",
        description: 'Applies to the next request of the tenant (the client directory is refreshed at once).',
        tags,
        params: SubdomainParams,
        body: FidelityOverrides,
        response: { 200: FidelityBody, ...errors },
      },
    },
    async (req) => {
      const tenant = await findTenantOrThrow(ctx.store, req.params.sub);
      const overrides = await setFidelityOverrides(
        ctx.store,
        actorOf(req),
        tenant,
        req.body,
        ctx.clock.now(),
      );
      ctx.directory.invalidateTenant(tenant.subdomain);
      return present(overrides);
    },
  );
}
