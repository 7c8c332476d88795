import { type RawSettings, readEnv, SETTINGS } from '@packgate/server/config';
import { DROPIN_VARIABLES } from '../dropin/dropin-settings.js';

/** The CLI's own variables (the server's come from its SETTINGS table). */
const CLI_VARIABLES = [
  'PACKGATE_AUTH_BASE_URI',
  'PACKGATE_CLIENT_ID',
  'PACKGATE_CLIENT_SECRET',
  'PACKGATE_URL',
  'PACKGATE_TENANT',
  'PACKGATE_USER_PASSWORD',
] as const;

/** Every PACKGATE_* variable something reads; PACKGATE_TEST_* belong to the test suites. */
export const KNOWN_VARIABLES: readonly string[] = [
  ...SETTINGS.map((s) => s.env),
  ...CLI_VARIABLES,
  // Read by the packgate/dropin preload inside the user's Node processes, not by the CLI.
  ...DROPIN_VARIABLES,
];

/** Everything the CLI takes from the environment, read once at start. */
export interface CliEnv {
  /** Server settings (PACKGATE_HOST, PACKGATE_PORT, …) as raw strings, for `serve`. */
  readonly serverSettings: RawSettings;
  readonly authBaseUri: string | undefined;
  readonly clientId: string | undefined;
  readonly clientSecret: string | undefined;
  /** Admin API origin (PACKGATE_URL). */
  readonly url: string | undefined;
  readonly adminKey: string | undefined;
  readonly tenant: string | undefined;
  readonly dataDir: string | undefined;
  /** Password for `users create` (PACKGATE_USER_PASSWORD): never taken from argv. */
  readonly userPassword: string | undefined;
  /** PACKGATE_* variables nothing reads (a typo such as PACKGATE_PROT): `serve` warns about them. */
  readonly unknownVariables: readonly string[];
}

/** The only place the CLI reads `process.env`. */
export function readCliEnv(env: NodeJS.ProcessEnv = process.env): CliEnv {
  const value = (name: string) => (env[name] === '' ? undefined : env[name]);
  return Object.freeze({
    serverSettings: readEnv(env),
    authBaseUri: value('PACKGATE_AUTH_BASE_URI'),
    clientId: value('PACKGATE_CLIENT_ID'),
    clientSecret: value('PACKGATE_CLIENT_SECRET'),
    url: value('PACKGATE_URL'),
    adminKey: value('PACKGATE_ADMIN_KEY'),
    tenant: value('PACKGATE_TENANT'),
    dataDir: value('PACKGATE_DATA_DIR'),
    userPassword: value('PACKGATE_USER_PASSWORD'),
    unknownVariables: Object.keys(env)
      .filter((name) => name.startsWith('PACKGATE_') && !name.startsWith('PACKGATE_TEST_'))
      .filter((name) => !KNOWN_VARIABLES.includes(name))
      .sort(),
  });
}
