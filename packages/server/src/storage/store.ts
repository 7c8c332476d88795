import type { Kysely } from 'kysely';
import { StoreError } from '../errors/config-error.js';
import type { StoreDialect } from './migrations/migration-context.js';
import { type ConnectionPoolStats, type DatabaseOptions, openDatabase } from './open-database.js';
import { asyncRequestsRepository } from './repositories/async-requests-repository.js';
import { auditRepository } from './repositories/audit-repository.js';
import { dataExtensionsRepository } from './repositories/data-extensions-repository.js';
import { dataFoldersRepository } from './repositories/data-folders-repository.js';
import { fidelityRepository } from './repositories/fidelity-repository.js';
import { keysRepository, metaRepository } from './repositories/keys-repository.js';
import { packagesRepository } from './repositories/packages-repository.js';
import { revocationsRepository, revokedSecretsRepository } from './repositories/revocations-repository.js';
import { secretsRepository } from './repositories/secrets-repository.js';
import { tenantsRepository } from './repositories/tenants-repository.js';
import { usageRepository } from './repositories/usage-repository.js';
import { userTokensRepository } from './repositories/user-tokens-repository.js';
import { usersRepository } from './repositories/users-repository.js';
import type { Database } from './schema.js';

function repositories(db: Kysely<Database>) {
  return {
    tenants: wrapErrors('tenants', tenantsRepository(db)),
    packages: wrapErrors('packages', packagesRepository(db)),
    secrets: wrapErrors('secrets', secretsRepository(db)),
    audit: wrapErrors('audit', auditRepository(db)),
    keys: wrapErrors('keys', keysRepository(db)),
    meta: wrapErrors('meta', metaRepository(db)),
    revocations: wrapErrors('revocations', revocationsRepository(db)),
    revokedSecrets: wrapErrors('revokedSecrets', revokedSecretsRepository(db)),
    usage: wrapErrors('usage', usageRepository(db)),
    dataExtensions: wrapErrors('dataExtensions', dataExtensionsRepository(db)),
    asyncRequests: wrapErrors('asyncRequests', asyncRequestsRepository(db)),
    dataFolders: wrapErrors('dataFolders', dataFoldersRepository(db)),
    users: wrapErrors('users', usersRepository(db)),
    userTokens: wrapErrors('userTokens', userTokensRepository(db)),
    fidelity: wrapErrors('fidelity', fidelityRepository(db)),
  };
}

export type Repositories = ReturnType<typeof repositories>;

/** The storage contract: repositories plus transactions, the same on SQLite and PostgreSQL. */
export interface Store extends Repositories {
  readonly dialect: StoreDialect;
  /** Kysely handle for features that add their own repositories (they wrap errors themselves). */
  readonly db: Kysely<Database>;
  /** Runs `work` atomically; every repository call inside uses the transaction. */
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  /** True when other processes may change the store behind this one's back (PostgreSQL). */
  readonly isShared: boolean;
  /** Migrations not applied to the database (empty once it is up to date); for `/readyz`. */
  pendingMigrations(): Promise<string[]>;
  /** PostgreSQL pool counts for `/metrics`; undefined on SQLite (no pool). */
  connectionPool(): ConnectionPoolStats | undefined;
  close(): Promise<void>;
}

export async function openStore(options: DatabaseOptions): Promise<Store> {
  const { db, dialect, pendingMigrations, connectionPool, close } = await openDatabase(options);
  return {
    ...repositories(db),
    dialect,
    db,
    isShared: dialect === 'postgres',
    transaction: (work) => db.transaction().execute((trx) => work(repositories(trx))),
    pendingMigrations: () =>
      pendingMigrations().catch((err: unknown) => {
        throw new StoreError('store call pendingMigrations failed', { cause: err });
      }),
    connectionPool,
    close,
  };
}

/**
 * Repositories never leak driver errors: every rejection becomes a {@link StoreError} naming
 * the call, with the driver error as `cause` (logged by the error serializer, never sent).
 */
function wrapErrors<R extends Record<string, (...args: never[]) => Promise<unknown>>>(
  name: string,
  repo: R,
): R {
  const wrapped: Record<string, unknown> = {};
  for (const [method, fn] of Object.entries(repo)) {
    wrapped[method] = (...args: never[]) =>
      fn(...args).catch((err: unknown) => {
        throw err instanceof StoreError
          ? err
          : new StoreError(`store call ${name}.${method} failed`, { cause: err });
      });
  }
  return wrapped as R;
}
