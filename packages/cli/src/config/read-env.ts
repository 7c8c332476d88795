/**
 * The variables the CLI reads for its own verbs, by field. PACKGATE_ADMIN_KEY, PACKGATE_DATA_DIR,
 * PACKGATE_PUBLIC_URL and PACKGATE_PORT are server settings as well (the admin verbs find the
 * server `packgate serve` would start); `test/read-env.test.ts` checks that they still are.
 */
export const CLI_ENV_FIELDS = {
  authBaseUri: 'PACKGATE_AUTH_BASE_URI',
  clientId: 'PACKGATE_CLIENT_ID',
  clientSecret: 'PACKGATE_CLIENT_SECRET',
  url: 'PACKGATE_URL',
  adminKey: 'PACKGATE_ADMIN_KEY',
  tenant: 'PACKGATE_TENANT',
  dataDir: 'PACKGATE_DATA_DIR',
  userPassword: 'PACKGATE_USER_PASSWORD',
  serverPublicUrl: 'PACKGATE_PUBLIC_URL',
  serverPort: 'PACKGATE_PORT',
} as const;

/** Everything the CLI takes from the environment, read once at start. */
export interface CliEnv {
  /**
   * Every PACKGATE_* variable as it was at start. The server's settings and the warning about
   * variables nothing reads are derived from it (`server-env.ts`) by the verbs that need them:
   * that takes the server's settings table, which no other verb should pay for at start.
   */
  readonly variables: Readonly<Record<string, string>>;
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
  /** The server's PACKGATE_PUBLIC_URL and PACKGATE_PORT: where the admin verbs look by default. */
  readonly serverPublicUrl: string | undefined;
  readonly serverPort: string | undefined;
}

/** The only place the CLI reads `process.env`. */
export function readCliEnv(env: NodeJS.ProcessEnv = process.env): CliEnv {
  const variables: Record<string, string> = {};
  // Keys first: each value read from process.env is a call into the C++ environment.
  for (const name of Object.keys(env)) {
    const value = name.startsWith('PACKGATE_') ? env[name] : undefined;
    if (value !== undefined) variables[name] = value;
  }
  const fields = Object.fromEntries(
    Object.entries(CLI_ENV_FIELDS).map(([field, name]) => [field, variables[name] || undefined]),
  ) as { [F in keyof typeof CLI_ENV_FIELDS]: string | undefined };
  return Object.freeze({ variables: Object.freeze(variables), ...fields });
}
