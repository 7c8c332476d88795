import type { Migration, MigrationProvider } from 'kysely';
import { coreMigration } from './001-core.js';
import { revocationsMigration } from './002-revocations.js';
import { usersMigration } from './003-users.js';
import { dataExtensionsMigration } from './004-data-extensions.js';
import { refreshTokenRotationMigration } from './005-refresh-token-rotation.js';
import { dataExtensionRowTermsMigration } from './006-data-extension-row-terms.js';
import { setupSessionsMigration } from './007-setup-sessions.js';
import { credentialGovernanceMigration } from './008-credential-governance.js';
import { faultRulesMigration } from './009-fault-rules.js';
import { tenantFidelityMigration } from './010-tenant-fidelity.js';
import { signingKeyRotationMigration } from './011-signing-key-rotation.js';
import { dataFoldersMigration } from './012-data-folders.js';
import type { MigrationContext } from './migration-context.js';

/**
 * Every migration, in order. Names are permanent: they are recorded in the store.
 * Later features append their own file here.
 */
const MIGRATIONS: ReadonlyArray<readonly [string, (ctx: MigrationContext) => Migration]> = [
  ['001-core', coreMigration],
  ['002-revocations', revocationsMigration],
  ['003-users', usersMigration],
  ['004-data-extensions', dataExtensionsMigration],
  ['005-refresh-token-rotation', refreshTokenRotationMigration],
  ['006-data-extension-row-terms', dataExtensionRowTermsMigration],
  ['007-setup-sessions', setupSessionsMigration],
  ['008-credential-governance', credentialGovernanceMigration],
  ['009-fault-rules', faultRulesMigration],
  ['010-tenant-fidelity', tenantFidelityMigration],
  ['011-signing-key-rotation', signingKeyRotationMigration],
  ['012-data-folders', dataFoldersMigration],
];

export function migrationProvider(ctx: MigrationContext): MigrationProvider {
  return {
    async getMigrations() {
      return Object.fromEntries(MIGRATIONS.map(([name, make]) => [name, make(ctx)]));
    },
  };
}
