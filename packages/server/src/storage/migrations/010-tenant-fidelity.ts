import type { Kysely } from 'kysely';

/**
 * Per-tenant fidelity switches (issue 10 part 5): one row per tenant that overrides a global
 * default, the overrides as JSON text (only the switches set), gone with the tenant.
 */
export function tenantFidelityMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('tenant_fidelity')
        .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id').onDelete('cascade'))
        .addColumn('overrides', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  };
}
