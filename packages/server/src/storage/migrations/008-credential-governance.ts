import { type Kysely, sql } from 'kysely';

/**
 * Credential governance (issue 14, decision 0008): per secret its ordinal (the tag access
 * tokens carry in their `jti`), description, origin (created with the integration or by a
 * Generate), activation time, end of a retired secret's grace period and revocation time; the
 * revoked-secret deny list other instances poll; usage counters flushed from memory.
 */
export function credentialGovernanceMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const secrets = db.schema.alterTable('client_secrets');
      await secrets.addColumn('ordinal', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await secrets.addColumn('description', 'text', (c) => c.notNull().defaultTo('')).execute();
      await secrets.addColumn('origin', 'text', (c) => c.notNull().defaultTo('integration')).execute();
      await secrets.addColumn('activated_at', 'bigint').execute();
      await secrets.addColumn('grace_ends_at', 'bigint').execute();
      await secrets.addColumn('revoked_at', 'bigint').execute();
      // Number the secrets that exist already, oldest first, per client.
      const rows = await sql<{ id: string; client_id: string }>`
        select id, client_id from client_secrets order by client_id, created_at, id`.execute(db);
      let client = '';
      let ordinal = 0;
      for (const row of rows.rows) {
        ordinal = row.client_id === client ? ordinal + 1 : 0;
        client = row.client_id;
        await sql`update client_secrets set ordinal = ${ordinal} where id = ${row.id}`.execute(db);
      }
      await db.schema
        .createTable('revoked_secrets')
        .addColumn('secret_id', 'text', (c) => c.primaryKey())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('tag', 'text', (c) => c.notNull())
        .addColumn('issued_from', 'bigint', (c) => c.notNull())
        .addColumn('issued_until', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('revoked_secrets_revoked_at')
        .on('revoked_secrets')
        .column('revoked_at')
        .execute();
      await db.schema
        .createTable('usage_counts')
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('metric', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('bucket', 'bigint', (c) => c.notNull())
        .addColumn('count', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('usage_counts_pk', ['client_id', 'metric', 'key', 'bucket'])
        .execute();
    },
  };
}
