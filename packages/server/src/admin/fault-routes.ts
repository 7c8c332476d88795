import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../app-context.js';
import {
  FAULT_EFFECT_TYPES,
  FAULT_ROUTES,
  FAULT_TRIGGER_TYPES,
  REST_METHODS,
  SOAP_ACTIONS,
} from '../faults/fault-rule.js';
import type { Actor } from '../setup/audit.js';
import { addFaultRules, clearFaultRules, listFaultRules } from '../setup/faults/fault-rule-service.js';
import { findTenantOrThrow } from '../setup/tenants/tenant-service.js';
import { ErrorBody, itemsOf, SubdomainParams } from './admin-schemas.js';

const literals = (values: readonly string[]) => Type.Unsafe<string>({ type: 'string', enum: [...values] });

/**
 * The shape is documented here; every rule is checked by `parseFaultRule` (faults/fault-rule.ts),
 * the one validation shared with the seed file, so `effect` and `trigger` are open objects here.
 */
const FaultEffectBody = Type.Object(
  {
    type: literals(FAULT_EFFECT_TYPES),
    ms: Type.Optional(Type.Integer({ description: 'latency: milliseconds added (1–120000)' })),
    status: Type.Optional(Type.Integer({ description: 'status: the HTTP status (400–599)' })),
    scope: Type.Optional(Type.String({ description: 'revoke_scope: the scope the request lacks' })),
  },
  { additionalProperties: true },
);
const FaultTriggerBody = Type.Object(
  {
    type: literals(FAULT_TRIGGER_TYPES),
    n: Type.Optional(Type.Integer({ description: 'nth: fire on the nth matching request only' })),
    count: Type.Optional(Type.Integer({ description: 'next: fire on the first count matching requests' })),
    p: Type.Optional(Type.Number({ description: 'probability: chance per matching request (0 < p ≤ 1)' })),
    seed: Type.Optional(Type.Integer({ description: 'probability: generator seed (0–4294967295)' })),
  },
  { additionalProperties: true },
);
const ruleFields = {
  route: literals(FAULT_ROUTES),
  path: Type.Optional(
    Type.String({ description: 'rest: glob below the REST base URI (* one segment, ** any)' }),
  ),
  method: Type.Optional(literals(REST_METHODS)),
  action: Type.Optional(literals(SOAP_ACTIONS)),
  clientId: Type.Optional(Type.String()),
  effect: FaultEffectBody,
};
const CreateFaultRuleRequest = Type.Object(
  { ...ruleFields, trigger: Type.Optional(FaultTriggerBody) },
  { additionalProperties: false },
);
const FaultRuleBody = Type.Object({
  id: Type.String(),
  ...ruleFields,
  trigger: FaultTriggerBody,
  createdAt: Type.String({ format: 'date-time' }),
  matched: Type.Integer({ description: 'Requests that matched the rule (all instances)' }),
  fired: Type.Integer({ description: 'Requests the rule fired on (all instances)' }),
});

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
