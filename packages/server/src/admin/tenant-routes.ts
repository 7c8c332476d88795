import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../app-context.js';
import { BadRequest } from '../errors/admin-errors.js';
import type { Actor } from '../setup/audit.js';
import { baseUrisFor } from '../setup/tenants/base-uris.js';
import {
  createBusinessUnit,
  createTenant,
  deleteTenant,
  findTenantOrThrow,
} from '../setup/tenants/tenant-service.js';
import {
  AuditEventBody,
  AuditQuery,
  BusinessUnitBody,
  CreateBusinessUnitRequest,
  CreateTenantRequest,
  ErrorBody,
  itemsOf,
  SubdomainParams,
  TenantBody,
} from './admin-schemas.js';
import { presentAuditEvent, presentBusinessUnit, presentTenant } from './present.js';

/** Tenants, business units and the audit trail. */
export function registerTenantRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  actorOf: (req: unknown) => Actor,
): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody };
  const uris = (sub: string) => baseUrisFor(ctx.config, sub);

  r.get(
    '/tenants',
    {
      schema: {
        operationId: 'listTenants',
        summary: 'List tenants',
        tags: ['tenants'],
        response: { 200: itemsOf(TenantBody), 401: ErrorBody },
      },
    },
    async () => {
      const tenants = await ctx.store.tenants.listTenants();
      return { items: tenants.map((t) => presentTenant(t, uris(t.subdomain))) };
    },
  );

  r.post(
    '/tenants',
    {
      schema: {
        operationId: 'createTenant',
        summary: 'Create a tenant with its subdomain, EID and top business unit',
        tags: ['tenants'],
        body: CreateTenantRequest,
        response: { 201: TenantBody, ...errors },
      },
    },
    async (req, reply) => {
      const tenant = await createTenant(ctx.store, actorOf(req), req.body.name, ctx.clock.now());
      return reply.code(201).send(presentTenant(tenant, uris(tenant.subdomain)));
    },
  );

  r.get(
    '/tenants/:sub',
    {
      schema: {
        operationId: 'getTenant',
        summary: 'Read a tenant and its base URIs',
        tags: ['tenants'],
        params: SubdomainParams,
        response: { 200: TenantBody, ...errors },
      },
    },
    async (req) => {
      const tenant = await findTenantOrThrow(ctx.store, req.params.sub);
      return presentTenant(tenant, uris(tenant.subdomain));
    },
  );

  r.delete(
    '/tenants/:sub',
    {
      schema: {
        operationId: 'deleteTenant',
        summary: 'Delete a tenant and everything of it',
        tags: ['tenants'],
        params: SubdomainParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      await deleteTenant(ctx.store, actorOf(req), req.params.sub, ctx.clock.now());
      ctx.directory.invalidateTenant(req.params.sub);
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/tenants/:sub/business-units',
    {
      schema: {
        operationId: 'listBusinessUnits',
        summary: "List a tenant's business units",
        tags: ['business units'],
        params: SubdomainParams,
        response: { 200: itemsOf(BusinessUnitBody), ...errors },
      },
    },
    async (req) => {
      const tenant = await findTenantOrThrow(ctx.store, req.params.sub);
      return { items: (await ctx.store.tenants.listBusinessUnits(tenant.id)).map(presentBusinessUnit) };
    },
  );

  r.post(
    '/tenants/:sub/business-units',
    {
      schema: {
        operationId: 'createBusinessUnit',
        summary: 'Create a child business unit',
        tags: ['business units'],
        params: SubdomainParams,
        body: CreateBusinessUnitRequest,
        response: { 201: BusinessUnitBody, ...errors },
      },
    },
    async (req, reply) => {
      const tenant = await findTenantOrThrow(ctx.store, req.params.sub);
      const bu = await createBusinessUnit(ctx.store, actorOf(req), tenant, req.body, ctx.clock.now());
      ctx.directory.invalidateTenant(tenant.subdomain);
      return reply.code(201).send(presentBusinessUnit(bu));
    },
  );

  r.get(
    '/tenants/:sub/audit-events',
    {
      schema: {
        tags: ['audit'],
        operationId: 'listTenantAuditEvents',
        summary:
          "The tenant's audit events, newest first; filters (action, target, actor, since, until) and cursor paging (before)",
        params: SubdomainParams,
        querystring: AuditQuery,
        response: { 200: itemsOf(AuditEventBody), ...errors },
      },
    },
    async (req) => {
      const tenant = await findTenantOrThrow(ctx.store, req.params.sub);
      return listAuditEvents(ctx, tenant.id, req.query);
    },
  );

  // Events that outlive their tenant (`tenant.deleted`) are kept server-wide.
  r.get(
    '/audit-events',
    {
      schema: {
        tags: ['audit'],
        operationId: 'listServerAuditEvents',
        summary: 'Server-wide audit events (of no tenant), newest first; same filters and paging',
        querystring: AuditQuery,
        response: { 200: itemsOf(AuditEventBody), 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (req) => listAuditEvents(ctx, null, req.query),
  );
}

/** `since`/`until` as ISO 8601 (a date or a date-time); anything else is a 400 naming the field. */
function parseAuditTime(value: string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)
    ? Date.parse(value)
    : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new BadRequest(`${field}: "${value}" is not an ISO 8601 date or date-time.`, { field });
  }
  return ms;
}

async function listAuditEvents(
  ctx: AppContext,
  tenantId: string | null,
  query: {
    limit?: number | string;
    before?: string;
    action?: string;
    target?: string;
    actor?: string;
    since?: string;
    until?: string;
  },
) {
  const limit = Number(query.limit ?? 100);
  const since = parseAuditTime(query.since, 'since');
  const until = parseAuditTime(query.until, 'until');
  const events = await ctx.store.audit.listEvents(tenantId, {
    limit,
    ...(query.before ? { before: Number(query.before) } : {}),
    ...(query.action !== undefined ? { action: query.action } : {}),
    ...(query.target !== undefined ? { target: query.target } : {}),
    ...(query.actor !== undefined ? { actor: query.actor } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until } : {}),
  });
  const last = events.at(-1);
  return {
    items: events.map(presentAuditEvent),
    ...(events.length === limit && last ? { nextCursor: String(last.id) } : {}),
  };
}
