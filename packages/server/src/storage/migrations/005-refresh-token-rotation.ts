import type { Kysely } from 'kysely';

/**
 * When a refresh token was rotated and by which request (a SHA-256 of its `scope` and
 * `account_id`): a second presentation revokes the family unless it is the identical request
 * within the configured retry grace (`PACKGATE_REFRESH_TOKEN_REUSE_GRACE_SECONDS`).
 */
export function refreshTokenRotationMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('refresh_tokens').addColumn('rotated_at', 'bigint').execute();
      await db.schema.alterTable('refresh_tokens').addColumn('rotated_by_request', 'text').execute();
    },
  };
}
