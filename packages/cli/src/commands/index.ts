import type { RegisterVerb } from './verb.js';

/**
 * One verb module: the top-level command names it registers, and how to load it. The modules
 * are imported only when needed (`--version` and `token --help` must start fast, and the verb
 * modules together cost more than Node's own start), so the names live here, not in the modules;
 * `test/verb-manifest.test.ts` checks that each module registers exactly the names listed.
 */
export interface VerbModule {
  readonly names: readonly string[];
  readonly load: () => Promise<RegisterVerb>;
}

/** Every verb, in the order `packgate --help` lists them. A new verb is one file plus one entry here. */
export const VERB_MODULES: readonly VerbModule[] = [
  { names: ['serve'], load: () => import('./serve.js').then((m) => m.registerServe) },
  { names: ['setup-link'], load: () => import('./setup-link.js').then((m) => m.registerSetupLink) },
  { names: ['token'], load: () => import('./token.js').then((m) => m.registerToken) },
  { names: ['doctor'], load: () => import('./doctor.js').then((m) => m.registerDoctor) },
  { names: ['tenants'], load: () => import('./tenants.js').then((m) => m.registerTenants) },
  { names: ['bu'], load: () => import('./bu.js').then((m) => m.registerBusinessUnits) },
  { names: ['packages'], load: () => import('./packages.js').then((m) => m.registerPackages) },
  { names: ['integration'], load: () => import('./integration.js').then((m) => m.registerIntegration) },
  { names: ['access'], load: () => import('./access.js').then((m) => m.registerAccess) },
  { names: ['secrets'], load: () => import('./secrets.js').then((m) => m.registerSecrets) },
  // users.ts registers two top-level commands: `users` and `licenses`.
  { names: ['users', 'licenses'], load: () => import('./users.js').then((m) => m.registerUsers) },
  { names: ['audit'], load: () => import('./audit.js').then((m) => m.registerAudit) },
  { names: ['ca'], load: () => import('./ca.js').then((m) => m.registerCa) },
  { names: ['dropin'], load: () => import('./dropin.js').then((m) => m.registerDropin) },
  { names: ['signing-keys'], load: () => import('./signing-keys.js').then((m) => m.registerSigningKeys) },
  { names: ['seed'], load: () => import('./seed.js').then((m) => m.registerSeed) },
  { names: ['export'], load: () => import('./export.js').then((m) => m.registerExport) },
  { names: ['faults'], load: () => import('./faults.js').then((m) => m.registerFaults) },
  { names: ['journal'], load: () => import('./journal.js').then((m) => m.registerJournal) },
  { names: ['review'], load: () => import('./review.js').then((m) => m.registerReview) },
];

/** Program-level options that print something and exit without looking at any verb. */
const VERSION_FLAGS: ReadonlySet<string> = new Set(['-V', '--version']);

/**
 * Which verb modules a command line needs: the one its first argument names. Everything else
 * loads all of them, so commander behaves exactly as with the full table: help (`help`,
 * `--help`, no argument) lists every verb, an unknown verb gets commander's "did you mean", and
 * an option before the verb (commander then reads what follows as unknown options of the
 * program, `packgate --help token` is the program's help) sees every verb too.
 * `--version` alone needs none.
 */
export function verbModulesFor(argv: readonly string[]): readonly VerbModule[] {
  if (isVersionOnly(argv)) return [];
  const [first] = argv;
  const named = first === undefined ? undefined : VERB_MODULES.find((m) => m.names.includes(first));
  return named ? [named] : VERB_MODULES;
}

/** `packgate --version` (or `-V`) and nothing else. */
export function isVersionOnly(argv: readonly string[]): boolean {
  return argv.length > 0 && argv.every((arg) => VERSION_FLAGS.has(arg));
}

/** Loads `modules` in parallel and returns their register functions in manifest order. */
export function loadVerbs(modules: readonly VerbModule[]): Promise<RegisterVerb[]> {
  return Promise.all(modules.map((m) => m.load()));
}
