import type { Kysely } from 'kysely';
import type { AuditEvent, NewAuditEvent } from '../records.js';
import type { Database } from '../schema.js';

/** One page of events: cursor (`before`), size and filters (exact action, target, actor; time range). */
export interface AuditPage {
  readonly before?: number;
  readonly limit: number;
  readonly action?: string;
  readonly target?: string;
  readonly actor?: string;
  /** Epoch ms, inclusive. */
  readonly since?: number;
  /** Epoch ms, exclusive. */
  readonly until?: number;
}

/** Append-only audit trail of every change. */
export function auditRepository(db: Kysely<Database>) {
  return {
    async appendEvent(e: NewAuditEvent): Promise<void> {
      await db
        .insertInto('audit_events')
        .values({
          tenant_id: e.tenantId,
          actor: e.actor,
          action: e.action,
          target: e.target,
          details: JSON.stringify(e.details),
          source_ip: e.sourceIp,
          created_at: e.createdAt,
        })
        .execute();
    },
    /**
     * Newest first; `before` is the id of the last event of the previous page. `tenantId` null
     * lists the server-wide events, those of no tenant (`tenant.deleted`).
     */
    async listEvents(tenantId: string | null, page: AuditPage): Promise<AuditEvent[]> {
      let q =
        tenantId === null
          ? db.selectFrom('audit_events').selectAll().where('tenant_id', 'is', null)
          : db.selectFrom('audit_events').selectAll().where('tenant_id', '=', tenantId);
      if (page.before !== undefined) q = q.where('id', '<', page.before);
      if (page.action !== undefined) q = q.where('action', '=', page.action);
      if (page.target !== undefined) q = q.where('target', '=', page.target);
      if (page.actor !== undefined) q = q.where('actor', '=', page.actor);
      if (page.since !== undefined) q = q.where('created_at', '>=', page.since);
      if (page.until !== undefined) q = q.where('created_at', '<', page.until);
      const rows = await q.orderBy('id', 'desc').limit(page.limit).execute();
      return rows.map((r) => ({
        id: Number(r.id),
        tenantId: r.tenant_id,
        actor: r.actor,
        action: r.action,
        target: r.target,
        details: JSON.parse(r.details) as Record<string, unknown>,
        sourceIp: r.source_ip,
        createdAt: Number(r.created_at),
      }));
    },
  };
}

export type AuditRepository = ReturnType<typeof auditRepository>;
