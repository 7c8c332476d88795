import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestServerOptions } from '../../src/testing.js';

/** PostgreSQL used by the storage-contract and HTTP suites (each run gets its own schema). */
export const POSTGRES_URL =
  process.env.PACKGATE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function isPostgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export interface Backend {
  readonly name: 'sqlite' | 'postgres';
  /** Options for startTestServer; each call isolates itself in a new schema. */
  serverOptions(): TestServerOptions;
  /** Drops what the run created. */
  cleanup(): Promise<void>;
}

const postgresReachable = await isPostgresReachable();
if (!postgresReachable) {
  if (process.env.CI) throw new Error(`PostgreSQL is required in CI but unreachable at ${POSTGRES_URL}`);
  console.warn(
    `\n!!! PostgreSQL unreachable at ${POSTGRES_URL}: PostgreSQL variants are SKIPPED (CI fails here) !!!\n`,
  );
}

function postgresBackend(): Backend {
  const schemas: string[] = [];
  return {
    name: 'postgres',
    serverOptions() {
      const schema = `packgate_test_${randomBytes(6).toString('hex')}`;
      schemas.push(schema);
      return { postgres: { url: POSTGRES_URL, schema } };
    },
    async cleanup() {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        for (const schema of schemas.splice(0)) await client.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

const sqliteBackend: Backend = { name: 'sqlite', serverOptions: () => ({}), cleanup: async () => {} };

/** Every store the HTTP suites run against: SQLite always, PostgreSQL where reachable. */
export const BACKENDS: readonly Backend[] = postgresReachable
  ? [sqliteBackend, postgresBackend()]
  : [sqliteBackend];
