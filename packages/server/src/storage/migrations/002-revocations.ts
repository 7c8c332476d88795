import type { Kysely } from 'kysely';

/** Revoked access tokens by `jti`, kept until the token would have expired anyway. */
export function revocationsMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('revoked_tokens')
        .addColumn('jti', 'text', (c) => c.primaryKey())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('revoked_tokens_revoked_at')
        .on('revoked_tokens')
        .column('revoked_at')
        .execute();
    },
  };
}
