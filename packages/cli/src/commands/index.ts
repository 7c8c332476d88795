import { registerAccess } from './access.js';
import { registerAudit } from './audit.js';
import { registerBusinessUnits } from './bu.js';
import { registerCa } from './ca.js';
import { registerDoctor } from './doctor.js';
import { registerDropin } from './dropin.js';
import { registerExport } from './export.js';
import { registerFaults } from './faults.js';
import { registerIntegration } from './integration.js';
import { registerJournal } from './journal.js';
import { registerPackages } from './packages.js';
import { registerReview } from './review.js';
import { registerSecrets } from './secrets.js';
import { registerSeed } from './seed.js';
import { registerServe } from './serve.js';
import { registerSetupLink } from './setup-link.js';
import { registerSigningKeys } from './signing-keys.js';
import { registerTenants } from './tenants.js';
import { registerToken } from './token.js';
import { registerUsers } from './users.js';
import type { RegisterVerb } from './verb.js';

/** Every verb, in the order `packgate --help` lists them. A new verb is one file plus one line here. */
export const VERBS: readonly RegisterVerb[] = [
  registerServe,
  registerSetupLink,
  registerToken,
  registerDoctor,
  registerTenants,
  registerBusinessUnits,
  registerPackages,
  registerIntegration,
  registerAccess,
  registerSecrets,
  registerUsers,
  registerAudit,
  registerCa,
  registerDropin,
  registerSigningKeys,
  registerSeed,
  registerExport,
  registerFaults,
  registerJournal,
  registerReview,
];
