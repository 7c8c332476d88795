import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../app-context.js';
import { CreateFaultRuleRequest, FaultRuleBody } from '../faults/fault-rule-schema.js';
import type { Actor } from '../setup/audit.js';
import { addFaultRules, clearFaultRules, listFaultRules } from '../setup/faults/fault-rule-service.js';
import { findTenantOrThrow } from '../setup/tenants/tenant-service.js';
import { ErrorBody, itemsOf, SubdomainParams } from './admin-schemas.js';

function present(rule: Awaited<ReturnType<typeof listFaultRules>>[number]) {
  return { ...rule, createdAt: new Date(rule.createdAt).toISOString() };
}

/** Fault rules per tenant (issue 10 part 6): create, list, clear in one call. */
export function registerFaultRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  actorOf: (req: unknown) => Actor,
): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody };
  const tags = ['faults'];

  r.post(
    '/tenants/:sub/faults',
    {
      schema: {
        operationId: 'createFaultRule',
        summary: 'Add a fault rule to the tenant (after its existing rules)',
        tags,
        params: SubdomainParams,
        body: CreateFaultRuleRequest,
        response: { 201: FaultRuleBody, ...errors },
      },
    },
    async (req, reply) => {
      const tenant = await findTenantOrThrow(ctx.store, req.params.sub);
      const [rule] = await addFaultRules(ctx, actorOf(req), tenant, [req.body]);
      return reply.code(201).send(present(rule as NonNullable<typeof rule>));
    },
  );

  r.get(
    '/tenants/:sub/faults',
    {
      schema: {
        operationId: 'listFaultRules',
        summary: "List the tenant's fault rules in evaluation order, with how often each fired",
        tags,
        params: SubdomainParams,
        response: { 200: itemsOf(FaultRuleBody), ...errors },
      },
    },
    async (req) => {
      const tenant = await findTenantOrThrow(ctx.store, req.params.sub);
      return { items: (await listFaultRules(ctx, tenant)).map(present) };
    },
  );

  r.delete(
    '/tenants/:sub/faults',
    {
      schema: {
        operationId: 'clearFaultRules',
        summary: 'Remove every fault rule of the tenant in one call',
        tags,
        params: SubdomainParams,
        response: { 200: Type.Object({ removed: Type.Integer() }), ...errors },
      },
    },
    async (req) => {
      const tenant = await findTenantOrThrow(ctx.store, req.params.sub);
      return { removed: await clearFaultRules(ctx, actorOf(req), tenant) };
    },
  );
}
