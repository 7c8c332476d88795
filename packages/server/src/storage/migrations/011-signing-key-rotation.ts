import { type Kysely, sql } from 'kysely';

/**
 * Signing-key rotation (docs/decisions/0010): each key gets a `generation` (unique, so that of
 * several instances deciding at once to rotate exactly one inserts the next key) and the time it
 * starts signing (`activates_at`; it is in the JWKS from its insertion on). Existing keys are
 * numbered in creation order and sign from their creation.
 */
export function signingKeyRotationMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('signing_keys').addColumn('generation', 'integer').execute();
      await db.schema.alterTable('signing_keys').addColumn('activates_at', 'bigint').execute();
      const { rows } = await sql<{ kid: string; created_at: number | string }>`
        select kid, created_at from signing_keys order by created_at, kid`.execute(db);
      let generation = 0;
      for (const row of rows) {
        generation += 1;
        await sql`update signing_keys set generation = ${generation}, activates_at = ${Number(row.created_at)}
          where kid = ${row.kid}`.execute(db);
      }
      await db.schema
        .createIndex('signing_keys_generation')
        .on('signing_keys')
        .column('generation')
        .unique()
        .execute();
    },
  };
}
