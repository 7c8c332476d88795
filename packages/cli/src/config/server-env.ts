import { type RawSettings, readEnv, SETTINGS } from '@packgate/server/config';
import { DROPIN_VARIABLES } from '../dropin/dropin-settings.js';
import { CLI_ENV_FIELDS, type CliEnv } from './read-env.js';

/*
 * The part of the environment that needs the server's settings table. Only `serve` imports this
 * module, so the table (and the drop-in's names) load only when a server is about to start.
 */

/** Every PACKGATE_* variable something reads; PACKGATE_TEST_* belong to the test suites. */
export const KNOWN_VARIABLES: readonly string[] = [
  ...new Set([
    ...SETTINGS.map((s) => s.env),
    ...Object.values(CLI_ENV_FIELDS),
    // Read by the packgate/dropin preload inside the user's Node processes, not by the CLI.
    ...DROPIN_VARIABLES,
  ]),
];

/** Server settings (PACKGATE_HOST, PACKGATE_PORT, …) as raw strings, for `serve`. */
export function readServerSettings(env: CliEnv): RawSettings {
  return readEnv(env.variables);
}

/** PACKGATE_* variables nothing reads (a typo such as PACKGATE_PROT): `serve` warns about them. */
export function unknownVariables(env: CliEnv): string[] {
  return Object.keys(env.variables)
    .filter((name) => !name.startsWith('PACKGATE_TEST_'))
    .filter((name) => !KNOWN_VARIABLES.includes(name))
    .sort();
}
