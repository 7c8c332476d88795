import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import type pg from 'pg';
import { ensureDataDir } from '../config/ensure-data-dir.js';
import { redactUrl } from '../config/redact-url.js';
import { StoreError } from '../errors/config-error.js';
import { migrationProvider } from './migrations/index.js';
import type { StoreDialect } from './migrations/migration-context.js';
import type { Database } from './schema.js';

export interface DatabaseOptions {
  /** `postgres://…` selects PostgreSQL; otherwise SQLite in `dataDir`. */
  readonly databaseUrl?: string | undefined;
  readonly dataDir?: string;
  /** SQLite file name inside dataDir (`:memory:` for a throwaway store). */
  readonly sqliteFile?: string;
  /** PostgreSQL schema to work in (created if missing); lets test runs isolate themselves. */
  readonly postgresSchema?: string;
}

export interface OpenDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: StoreDialect;
  /** Names of the migrations this code knows but the database has not recorded (`/readyz`). */
  pendingMigrations(): Promise<string[]>;
  /** PostgreSQL pool counts (`/metrics`); undefined on SQLite, which has no pool. */
  connectionPool(): ConnectionPoolStats | undefined;
  close(): Promise<void>;
}

export interface ConnectionPoolStats {
  readonly inUse: number;
  readonly idle: number;
  readonly waiting: number;
}

const INT8_OID = 20;

/** Opens the store's database and brings its schema up to date. */
export async function openDatabase(options: DatabaseOptions): Promise<OpenDatabase> {
  const { db, dialect, pool } = options.databaseUrl ? await openPostgres(options) : openSqlite(options);
  // Kysely looks for its migration table in every schema; pin it to ours so that stores in
  // sibling schemas of one database (test runs, several deployments) stay independent.
  const migrator = new Migrator({
    db,
    provider: migrationProvider({ dialect }),
    ...(dialect === 'postgres' && options.postgresSchema
      ? { migrationTableSchema: options.postgresSchema }
      : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw new StoreError('database migration failed', { cause: error });
  }
  const pendingMigrations = async () =>
    (await migrator.getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
  const connectionPool = pool
    ? () => ({ inUse: pool.totalCount - pool.idleCount, idle: pool.idleCount, waiting: pool.waitingCount })
    : () => undefined;
  return { db, dialect, pendingMigrations, connectionPool, close: () => db.destroy() };
}

function openSqlite(options: DatabaseOptions): {
  db: Kysely<Database>;
  dialect: StoreDialect;
  pool?: undefined;
} {
  const file = options.sqliteFile ?? 'packgate.db';
  let path = file;
  if (file !== ':memory:') {
    const dir = options.dataDir ?? '.packgate';
    ensureDataDir(dir);
    path = join(dir, file);
  }
  let sqlite: SQLite.Database;
  try {
    sqlite = new SQLite(path);
    sqlite.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a committed transaction survives a crash of this process (kill -9);
    // only a power loss may roll back the last transactions.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
  } catch (err) {
    throw new StoreError(`cannot open SQLite database at ${path}`, { cause: err });
  }
  return {
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }),
    dialect: 'sqlite',
  };
}

async function openPostgres(
  options: DatabaseOptions,
): Promise<{ db: Kysely<Database>; dialect: StoreDialect; pool: pg.Pool }> {
  const schema = options.postgresSchema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new StoreError(`invalid PostgreSQL schema name: ${schema}`);
  }
  // Loaded only for PostgreSQL: a SQLite server (and every CLI verb) never pays for the driver.
  const { default: pg } = await import('pg');
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID
        ? (v: string) => Number(v)
        : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: 10,
    types,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    try {
      if (schema) await client.query(`create schema if not exists ${schema}`);
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end().catch(() => {});
    throw new StoreError(
      `PACKGATE_DATABASE_URL: cannot connect to PostgreSQL at ${redactUrl(options.databaseUrl ?? '')} (${connectFailure(err)})`,
      { cause: err },
    );
  }
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres', pool };
}

/** Why a connection failed, in a few words without any credential (driver messages carry none). */
function connectFailure(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown } | undefined;
  const message = typeof e?.message === 'string' ? (e.message.split('\n')[0] ?? '') : '';
  if (message) return message;
  return typeof e?.code === 'string' ? e.code : 'unknown error';
}
