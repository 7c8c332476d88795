import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Per-tenant fidelity overrides, stored as the JSON object of the switches that are set. */
export function fidelityRepository(db: Kysely<Database>) {
  return {
    async findOverrides(tenantId: string): Promise<Record<string, unknown> | undefined> {
      const row = await db
        .selectFrom('tenant_fidelity')
        .select('overrides')
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
      return row ? (JSON.parse(row.overrides) as Record<string, unknown>) : undefined;
    },
    /** Replaces the tenant's overrides; an empty object removes the row (every default applies). */
    async replaceOverrides(tenantId: string, overrides: Record<string, unknown>, at: number): Promise<void> {
      await db.deleteFrom('tenant_fidelity').where('tenant_id', '=', tenantId).execute();
      if (Object.keys(overrides).length === 0) return;
      await db
        .insertInto('tenant_fidelity')
        .values({ tenant_id: tenantId, overrides: JSON.stringify(overrides), updated_at: at })
        .execute();
    },
  };
}
