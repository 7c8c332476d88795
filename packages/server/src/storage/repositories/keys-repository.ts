import type { Kysely } from 'kysely';
import type { SigningKeyRecord } from '../records.js';
import type { Database } from '../schema.js';

/** Token-signing keys (private JWKs never leave the store except into this process). */
export function keysRepository(db: Kysely<Database>) {
  return {
    /**
     * Inserts the key unless one of its generation (or kid) exists; returns true when this call
     * inserted it. Of several instances rotating at once, exactly one wins.
     */
    async insertKey(k: SigningKeyRecord): Promise<boolean> {
      const res = await db
        .insertInto('signing_keys')
        .values({
          kid: k.kid,
          alg: k.alg,
          private_jwk: k.privateJwk,
          public_jwk: k.publicJwk,
          state: k.state,
          created_at: k.createdAt,
          generation: k.generation,
          activates_at: k.activatesAt,
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    /** Takes a key out of the JWKS for good and erases its private half; true when this call did. */
    async retireKey(kid: string): Promise<boolean> {
      const res = await db
        .updateTable('signing_keys')
        .set({ state: 'retired', private_jwk: '' })
        .where('kid', '=', kid)
        .where('state', '=', 'active')
        .executeTakeFirst();
      return Number(res.numUpdatedRows ?? 0n) > 0;
    },
    async listKeys(): Promise<SigningKeyRecord[]> {
      const rows = await db.selectFrom('signing_keys').selectAll().orderBy('generation').execute();
      return rows.map((r) => ({
        kid: r.kid,
        alg: r.alg,
        privateJwk: r.private_jwk,
        publicJwk: r.public_jwk,
        state: r.state as SigningKeyRecord['state'],
        createdAt: Number(r.created_at),
        generation: Number(r.generation),
        activatesAt: Number(r.activates_at),
      }));
    },
  };
}

/** Small key/value facts about the store itself (bootstrap marker). */
export function metaRepository(db: Kysely<Database>) {
  return {
    async getMeta(key: string): Promise<string | undefined> {
      const row = await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
      return row?.value;
    },
    /** Sets the value unless the key exists; returns true when this call set it. */
    async setMetaOnce(key: string, value: string): Promise<boolean> {
      const res = await db
        .insertInto('meta')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
  };
}

export type KeysRepository = ReturnType<typeof keysRepository>;
export type MetaRepository = ReturnType<typeof metaRepository>;
