import type { Kysely } from 'kysely';

/**
 * Fault rules per tenant (issue 10 part 6, decision 0007). Stored, so every instance on a shared
 * store and every restart sees them; `matched` and `fired` are counted here atomically, so
 * "the 3rd request" means the 3rd the tenant received, whichever instance answered it.
 */
export function faultRulesMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('fault_rules')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        // The validated rule (faults/fault-rule.ts) as JSON: route, filters, effect, trigger.
        .addColumn('spec', 'text', (c) => c.notNull())
        .addColumn('matched', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('fired', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        // Order of evaluation within a tenant: creation order, ties by the insertion sequence.
        .addColumn('position', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('fault_rules_tenant')
        .on('fault_rules')
        .columns(['tenant_id', 'position'])
        .execute();
    },
  };
}
