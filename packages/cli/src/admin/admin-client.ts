import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isLoopbackHost, PackgateClientError, sendRequest } from '@packgate/client';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { CliError, UsageError } from '../cli-error.js';

export const DEFAULT_ADMIN_URL = 'http://127.0.0.1:8787';

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

export interface AdminClient {
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
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

function baseUrl(ctx: CliContext, flags: AdminFlags): string {
  const raw = flags.url ?? ctx.env.url ?? serverUrlFromSettings(ctx) ?? DEFAULT_ADMIN_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url is not a URL: "${raw.slice(0, 200)}"`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new UsageError(
      'refusing to send the operator key over plain http off this machine',
      'use an https URL',
    );
  }
  return url.origin;
}

/**
 * Without --url or PACKGATE_URL, the server `packgate serve` would start from the same
 * environment: its PACKGATE_PUBLIC_URL, else its PACKGATE_PORT on this machine.
 */
function serverUrlFromSettings(ctx: CliContext): string | undefined {
  const { publicUrl, port } = ctx.env.serverSettings;
  if (publicUrl) return publicUrl;
  if (port && /^[1-9]\d{0,4}$/.test(port)) return `http://127.0.0.1:${port}`;
  return undefined;
}

function describeAdminFailure(status: number, body: unknown, method: string, path: string): CliError {
  const b = (body && typeof body === 'object' ? body : {}) as {
    error?: string;
    message?: string;
    field?: string;
  };
  const what = b.message ?? `${method} ${path} answered ${status}`;
  const details = { status, response: body ?? null };
  if (status === 401)
    return new CliError('ERR_ADMIN_UNAUTHORIZED', `the server refused the operator key: ${what}`, {
      hint: 'use the key of this server: --admin-key-file {dataDir}/admin-key or PACKGATE_ADMIN_KEY',
      details,
    });
  if (status === 404)
    return new CliError('ERR_NOT_FOUND', what, {
      hint: 'check the id or subdomain (the list verbs show them)',
      details,
    });
  if (status === 409)
    return new CliError('ERR_CONFLICT', what, {
      hint: 'it already exists: read it with the get verb',
      details,
    });
  if (status === 400) {
    return new CliError('ERR_INVALID', what, {
      hint: b.field ? `fix ${b.field}` : 'check the arguments (add --help to see them)',
      details,
    });
  }
  return new CliError('ERR_ADMIN', what, { hint: 'see the server log for details', details });
}

export function createAdminClient(ctx: CliContext, flags: AdminFlags): AdminClient {
  const origin = baseUrl(ctx, flags);
  const key = readKey(ctx, flags);
  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await sendRequest(
        `${origin}/admin/v1${path}`,
        {
          method,
          headers: {
            authorization: `Bearer ${key}`,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        },
        { fetch: ctx.fetch, timeoutMs: 30_000, target: 'Packgate admin API' },
      );
    } catch (err) {
      if (!(err instanceof PackgateClientError)) throw err;
      const code = err.transportCode ?? err.code;
      throw new CliError('ERR_ADMIN_UNREACHABLE', `cannot reach the Packgate server at ${origin} (${code})`, {
        hint: 'start it with `packgate serve`, or point --url / PACKGATE_URL at it',
      });
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!res.ok) throw describeAdminFailure(res.status, parsed, method, path);
    return parsed as T;
  }
  let tenant: string | undefined = flags.tenant ?? ctx.env.tenant;
  return {
    request,
    async tenant() {
      if (tenant) return tenant;
      const { items } = await request<{ items: { subdomain: string }[] }>('GET', '/tenants');
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
}

/** A path segment from user input (ids, subdomains). */
export const seg = (value: string) => encodeURIComponent(value);
