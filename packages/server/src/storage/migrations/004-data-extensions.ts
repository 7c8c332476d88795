import type { Kysely } from 'kysely';

/**
 * Data Extensions per BU, their rows and async row requests. A row is stored as its canonical
 * primary-key string plus a JSON text of its values, which behaves the same on SQLite and
 * PostgreSQL and lets an upsert be one `insert … on conflict` per batch.
 */
export function dataExtensionsMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('data_extensions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('mid', 'bigint', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('customer_key', 'text', (c) => c.notNull())
        .addColumn('customer_key_lower', 'text', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('data_extensions_mid_key', ['mid', 'customer_key_lower'])
        .execute();
      await db.schema
        .createIndex('data_extensions_tenant')
        .on('data_extensions')
        .columns(['tenant_id', 'mid'])
        .execute();
      await db.schema
        .createTable('data_extension_rows')
        .addColumn('de_id', 'text', (c) => c.notNull().references('data_extensions.id').onDelete('cascade'))
        .addColumn('row_key', 'text', (c) => c.notNull())
        .addColumn('row_values', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('data_extension_rows_pk', ['de_id', 'row_key'])
        .execute();
      await db.schema
        .createIndex('data_extension_rows_order')
        .on('data_extension_rows')
        .columns(['de_id', 'created_at', 'row_key'])
        .execute();
      await db.schema
        .createTable('async_requests')
        .addColumn('request_id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('mid', 'bigint', (c) => c.notNull())
        .addColumn('de_id', 'text', (c) => c.notNull().references('data_extensions.id').onDelete('cascade'))
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('items', 'text', (c) => c.notNull())
        .addColumn('results', 'text', (c) => c.notNull())
        .addColumn('has_errors', 'integer', (c) => c.notNull())
        .addColumn('called_at', 'bigint', (c) => c.notNull())
        .addColumn('completed_at', 'bigint')
        .execute();
      await db.schema.createIndex('async_requests_status').on('async_requests').column('status').execute();
    },
  };
}
