import type { Kysely } from 'kysely';
import type { AuditEvent, NewAuditEvent } from '../records.js';
import type { Database } from '../schema.js';

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
    async listEvents(
      tenantId: string | null,
      page: { before?: number; limit: number },
    ): Promise<AuditEvent[]> {
      let q =
        tenantId === null
          ? db.selectFrom('audit_events').selectAll().where('tenant_id', 'is', null)
          : db.selectFrom('audit_events').selectAll().where('tenant_id', '=', tenantId);
      if (page.before !== undefined) q = q.where('id', '<', page.before);
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
