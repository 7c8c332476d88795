import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../app-context.js';
import { BadRequest } from '../errors/admin-errors.js';
import { MAX_PATH_LENGTH } from '../faults/fault-rule.js';
import { journalFilterOf } from '../journal/journal-query.js';
import type { JournalEntry } from '../journal/request-journal.js';
import { type Actor, recordAudit } from '../setup/audit.js';
import { findTenantOrThrow } from '../setup/tenants/tenant-service.js';
import { ErrorBody, SubdomainParams } from './admin-schemas.js';

const JournalQuery = Type.Object(
  {
    since: Type.Optional(
      Type.String({ maxLength: 40, description: 'Only requests at or after this time (RFC 3339)' }),
    ),
    after: Type.Optional(
      Type.String({
        pattern: '^[0-9]{1,15}$',
        description: 'Only requests after this `seq` (to follow the journal)',
      }),
    ),
    path: Type.Optional(
      Type.String({
        maxLength: MAX_PATH_LENGTH,
        description:
          'Only paths (without query) matching this glob: * one segment, ** any depth (/mc/rest/**)',
      }),
    ),
    status: Type.Optional(
      Type.String({ pattern: '^[0-9]{1,3}$', description: 'Only this HTTP status (0: dropped)' }),
    ),
    clientId: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(
      Type.String({ pattern: '^[0-9]{1,4}$', description: 'The newest n matches (1–1000, default 100)' }),
    ),
  },
  { additionalProperties: false },
);

const JournalEntryBody = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  method: Type.String(),
  host: Type.Optional(Type.String()),
  path: Type.String({ description: 'As received; values of secret-looking query parameters are ***' }),
  status: Type.Integer({ description: '0: a fault rule dropped the connection' }),
  latencyMs: Type.Number(),
  clientId: Type.Optional(Type.String()),
  grant: Type.Optional(Type.String()),
  claims: Type.Optional(
    Type.Object(
      {},
      { additionalProperties: true, description: 'Claims of the access token presented or issued' },
    ),
  ),
  faults: Type.Optional(Type.Array(Type.String(), { description: 'Fault rules that fired' })),
});

function present(e: JournalEntry) {
  const { faults, ...rest } = e;
  return { ...rest, at: new Date(e.at).toISOString(), ...(faults ? { faults: [...faults] } : {}) };
}

/** The request journal of a tenant (issue 10 part 7): read with filters, or clear. */
export function registerJournalRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  actorOf: (req: unknown) => Actor,
): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody };
  const tags = ['journal'];

  r.get(
    '/tenants/:sub/journal',
    {
      schema: {
        operationId: 'listJournal',
        summary: 'Requests the tenant received, oldest first (this instance; never a secret value)',
        tags,
        params: SubdomainParams,
        querystring: JournalQuery,
        response: {
          200: Type.Object({ enabled: Type.Boolean(), items: Type.Array(JournalEntryBody) }),
          ...errors,
        },
      },
    },
    async (req) => {
      const tenant = await findTenantOrThrow(ctx.store, req.params.sub);
      const items = ctx.journal.list(tenant.id, journalFilterOf(req.query));
      return { enabled: ctx.journal.enabled, items: items.map(present) };
    },
  );

  r.delete(
    '/tenants/:sub/journal',
    {
      schema: {
        operationId: 'clearJournal',
        summary: "Forget the tenant's journal on this instance (e.g. before a test)",
        tags,
        params: SubdomainParams,
        response: { 200: Type.Object({ removed: Type.Integer() }), ...errors },
      },
    },
    async (req) => {
      const tenant = await findTenantOrThrow(ctx.store, req.params.sub);
      const removed = ctx.journal.clear(tenant.id);
      await recordAudit(ctx.store, actorOf(req), {
        tenantId: tenant.id,
        action: 'journal.cleared',
        target: tenant.subdomain,
        details: { removed },
        at: ctx.clock.now(),
      });
      return { removed };
    },
  );
}
