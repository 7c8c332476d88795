import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationProvider } from '../../src/storage/migrations/index.js';
import type { StoreDialect } from '../../src/storage/migrations/migration-context.js';
import { openStore, type Store } from '../../src/storage/store.js';
import { generateSigningKey } from '../../src/tokens/signing-keys.js';
import { BACKENDS, POSTGRES_URL } from '../support/backends.js';

/** Migration 011 on a store that already has keys (made before rotation existed). */
describe.each(BACKENDS.map((b) => b.name))('migration 011-signing-key-rotation on %s', (dialect) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'packgate-mig011-'));
  const schema = `packgate_mig011_${randomBytes(5).toString('hex')}`;
  let store: Store | undefined;
  afterAll(async () => {
    if (dialect === 'postgres') await store?.db.schema.dropSchema(schema).ifExists().cascade().execute();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function rawDb(): Kysely<unknown> {
    if (dialect === 'sqlite')
      return new Kysely({
        dialect: new SqliteDialect({ database: new SQLite(join(dataDir, 'packgate.db')) }),
      });
    return new Kysely({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ connectionString: POSTGRES_URL, options: `-c search_path=${schema}` }),
      }),
    });
  }

  it('numbers existing keys in creation order, each signing from its creation, and makes generations unique', async () => {
    const db = rawDb();
    if (dialect === 'postgres') await sql`create schema ${sql.id(schema)}`.execute(db);
    const all = await migrationProvider({ dialect: dialect as StoreDialect }).getMigrations();
    const before = Object.fromEntries(Object.entries(all).filter(([name]) => name < '011'));
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => before },
      ...(dialect === 'postgres' ? { migrationTableSchema: schema } : {}),
    });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    // Two keys, as two instances starting at once on an empty store could leave them.
    const older = await generateSigningKey(0, 1_000, 0);
    const newer = await generateSigningKey(0, 2_000, 0);
    for (const k of [newer, older]) {
      await sql`insert into signing_keys (kid, alg, private_jwk, public_jwk, state, created_at)
        values (${k.kid}, ${k.alg}, ${k.privateJwk}, ${k.publicJwk}, 'active', ${k.createdAt})`.execute(db);
    }
    await db.destroy();

    store = await openStore(
      dialect === 'postgres' ? { databaseUrl: POSTGRES_URL, postgresSchema: schema } : { dataDir },
    );
    const keys = await store.keys.listKeys();
    expect(keys.map((k) => [k.kid, k.generation, k.activatesAt])).toEqual([
      [older.kid, 1, 1_000],
      [newer.kid, 2, 2_000],
    ]);
    const third = await generateSigningKey(2, 3_000, 3_000);
    expect(await store.keys.insertKey(third)).toBe(false); // generation 2 is taken
    expect(await store.keys.insertKey({ ...third, generation: 3 })).toBe(true);
  });
});
