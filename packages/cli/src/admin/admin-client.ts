import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  AdminApiError,
  type AdminArguments,
  AdminBadRequestError,
  AdminConflictError,
  AdminNotFoundError,
  type AdminOperationId,
  type AdminPagedOperationId,
  type AdminPageItem,
  type AdminResponse,
  AdminUnauthenticatedError,
  ConfigurationError,
  createAdminClient,
  NetworkError,
  PackgateClientError,
  RequestTimeoutError,
} from '@packgate/client/admin';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { CliError, UsageError } from '../cli-error.js';

export const DEFAULT_ADMIN_URL = 'http://127.0.0.1:8787';
const TIMEOUT_MS = 30_000;

export interface AdminFlags {
  url?: string;
  adminKeyFile?: string;
  tenant?: string;
  json?: boolean;
}

/** Adds --url, --admin-key-file and (for tenant-scoped verbs) --tenant. */
export function adminOptions(cmd: Command, options: { tenant: boolean } = { tenant: true }): Command {
  cmd
    .option(
      '--url <url>',
      `Packgate server (env PACKGATE_URL; default PACKGATE_PUBLIC_URL, else http://127.0.0.1:{PACKGATE_PORT}, else ${DEFAULT_ADMIN_URL})`,
    )
    .option(
      '--admin-key-file <path>',
      'file holding the operator key (default {PACKGATE_DATA_DIR or ./.packgate}/admin-key; env PACKGATE_ADMIN_KEY wins over the default file)',
    );
  if (options.tenant) {
    cmd.option('--tenant <subdomain>', 'tenant subdomain (env PACKGATE_TENANT; default: the only tenant)');
  }
  return cmd;
}

/**
 * The admin API as the verbs use it: `@packgate/client/admin` (every request goes through it),
 * with its errors turned into the CLI's one line, hint and exit code.
 */
export interface CliAdminClient {
  request<K extends AdminOperationId>(operationId: K, ...args: AdminArguments<K>): Promise<AdminResponse<K>>;
  /** Every item of a paged list (all pages). */
  listAll<K extends AdminPagedOperationId>(
    operationId: K,
    ...args: AdminArguments<K>
  ): Promise<AdminPageItem<K>[]>;
  /** The tenant from --tenant / PACKGATE_TENANT, else the only one on the server. */
  tenant(): Promise<string>;
}

function readKey(ctx: CliContext, flags: AdminFlags): string {
  if (!flags.adminKeyFile && ctx.env.adminKey) return ctx.env.adminKey;
  const file = resolve(ctx.cwd, flags.adminKeyFile ?? `${ctx.env.dataDir ?? './.packgate'}/admin-key`);
  try {
    const key = readFileSync(file, 'utf8').trim();
    if (key) return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new CliError('ERR_ADMIN_KEY', `cannot read the operator key file ${file}`, {
        hint: 'check its permissions (it is created with mode 0600 by the user that ran `packgate serve`)',
      });
    }
  }
  throw new CliError('ERR_ADMIN_KEY', `no operator key in ${file}`, {
    hint: 'run `packgate serve` once in this directory (it creates the key), pass --admin-key-file, or set PACKGATE_ADMIN_KEY',
  });
}

/** `scheme://host[:port]` of --url / PACKGATE_URL / the settings `packgate serve` would use. */
function serverOrigin(ctx: CliContext, flags: AdminFlags): string {
  const raw = flags.url ?? ctx.env.url ?? serverUrlFromSettings(ctx) ?? DEFAULT_ADMIN_URL;
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.host}`;
  } catch {
    throw new UsageError(`--url is not a URL: "${raw.slice(0, 200)}"`);
  }
}

/**
 * Without --url or PACKGATE_URL, the server `packgate serve` would start from the same
 * environment: its PACKGATE_PUBLIC_URL, else its PACKGATE_PORT on this machine.
 */
function serverUrlFromSettings(ctx: CliContext): string | undefined {
  const { serverPublicUrl: publicUrl, serverPort: port } = ctx.env;
  if (publicUrl) return publicUrl;
  if (port && /^[1-9]\d{0,4}$/.test(port)) return `http://127.0.0.1:${port}`;
  return undefined;
}

/** An SDK error → the CLI's code, one line and hint; `--json` gets the server's answer too. */
export function describeAdminFailure(err: unknown, origin: string): unknown {
  if (err instanceof NetworkError || err instanceof RequestTimeoutError) {
    return new CliError(
      'ERR_ADMIN_UNREACHABLE',
      `cannot reach the Packgate server at ${origin}: ${err.message}`,
      {
        hint: 'start it with `packgate serve`, or point --url / PACKGATE_URL at it',
        cause: err,
      },
    );
  }
  if (err instanceof ConfigurationError) return new UsageError(err.message);
  if (!(err instanceof AdminApiError)) {
    return err instanceof PackgateClientError
      ? new CliError('ERR_ADMIN', err.message, { hint: err.hint, cause: err })
      : err;
  }
  const what = err.serverMessage ?? err.message;
  const response = {
    ...(err.adminError === undefined ? {} : { error: err.adminError }),
    ...(err.serverMessage === undefined ? {} : { message: err.serverMessage }),
    ...(err.field === undefined ? {} : { field: err.field }),
  };
  const options = (hint: string) => ({ hint, details: { status: err.status, response }, cause: err });
  if (err instanceof AdminUnauthenticatedError) {
    return new CliError(
      'ERR_ADMIN_UNAUTHORIZED',
      `the server refused the operator key: ${what}`,
      options('use the key of this server: --admin-key-file {dataDir}/admin-key or PACKGATE_ADMIN_KEY'),
    );
  }
  if (err instanceof AdminNotFoundError) {
    return new CliError(
      'ERR_NOT_FOUND',
      what,
      options('check the id or subdomain (the list verbs show them)'),
    );
  }
  if (err instanceof AdminConflictError) {
    return new CliError('ERR_CONFLICT', what, options('it already exists: read it with the get verb'));
  }
  if (err instanceof AdminBadRequestError) {
    const hint = err.field ? `fix ${err.field}` : 'check the arguments (add --help to see them)';
    return new CliError('ERR_INVALID', what, options(hint));
  }
  return new CliError(
    'ERR_ADMIN',
    what,
    options(err.status >= 500 ? 'see the server log for details' : err.hint),
  );
}

/** The admin client of a verb: server URL and operator key from flags, environment and defaults. */
export function adminClientFor(ctx: CliContext, flags: AdminFlags): CliAdminClient {
  const origin = serverOrigin(ctx, flags);
  const adminKey = readKey(ctx, flags);
  let api: ReturnType<typeof createAdminClient>;
  try {
    api = createAdminClient({ baseUrl: origin, adminKey, fetch: ctx.fetch, timeoutMs: TIMEOUT_MS });
  } catch (err) {
    if (!(err instanceof ConfigurationError)) throw err;
    if (err.message.startsWith('adminKey')) {
      throw new CliError('ERR_ADMIN_KEY', `the operator key is not usable: ${err.message}`, {
        hint: 'the key is one word of printable characters, as `packgate serve` wrote it to {dataDir}/admin-key',
      });
    }
    throw new UsageError(
      `--url ${origin}: ${err.message.replace(/^baseUrl /, '')}`,
      'use an https URL (plain http only to this machine: 127.0.0.1, localhost)',
    );
  }
  let tenant: string | undefined = flags.tenant ?? ctx.env.tenant;
  const fail = (err: unknown): never => {
    throw describeAdminFailure(err, origin);
  };
  const client: CliAdminClient = {
    request: (operationId, ...args) => api.request(operationId, ...args).catch(fail),
    async listAll(operationId, ...args) {
      const items: AdminPageItem<typeof operationId>[] = [];
      try {
        for await (const item of api.paginate(operationId, ...args)) items.push(item);
      } catch (err) {
        fail(err);
      }
      return items;
    },
    tenant: async () => {
      if (tenant) return tenant;
      const { items } = await client.request('listTenants');
      const only = items.length === 1 ? items[0] : undefined;
      if (!only) {
        throw new UsageError(
          items.length === 0
            ? 'the server has no tenant'
            : `the server has ${items.length} tenants: which one?`,
          'pass --tenant <subdomain> or set PACKGATE_TENANT (`packgate tenants list` shows them)',
        );
      }
      tenant = only.subdomain;
      return tenant;
    },
  };
  return client;
}
