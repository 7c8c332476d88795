import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TenantUser } from '@packgate/client/admin';
import { type AdminFlags, adminClientFor, adminOptions } from '../admin/admin-client.js';
import { parseList, requireYes } from '../admin/parse-list.js';
import type { CliContext } from '../cli-context.js';
import { UsageError } from '../cli-error.js';
import { formatRecord, formatTable } from '../output/format-table.js';
import { printResult } from '../output/print-result.js';
import type { RegisterVerb } from './verb.js';

type UserFlags = AdminFlags & {
  passwordStdin?: boolean;
  passwordFile?: string;
  /** `false` from `--no-email` (update): clear the address. */
  email?: string | false;
  bu?: string[];
  administerPackages?: boolean;
};

const showUser = (u: TenantUser) =>
  formatRecord([
    ['id', u.id],
    ['username', u.username],
    ['email', u.email],
    ['administer packages', u.administerPackages ? 'yes' : 'no'],
    ...u.businessUnits.map((m) => [`bu ${m.mid}`, m.permissions] as const),
  ]);

const collect = (value: string, previous: string[]) => [...previous, value];

/** `--bu 12345678=email_read,data_extensions_read` (repeatable) → memberships. */
export function parseMemberships(specs: readonly string[]): Array<{ mid: number; permissions: string[] }> {
  return specs.map((spec) => {
    const match = /^([1-9]\d{0,14})(?:=(.*))?$/.exec(spec.trim());
    if (!match) throw new UsageError(`--bu: "${spec}" is not MID=permission,permission`);
    return { mid: Number(match[1]), permissions: parseList(match[2] ?? '') };
  });
}

const PASSWORD_SOURCES = 'pipe it to --password-stdin, set PACKGATE_USER_PASSWORD, or pass --password-file';

/**
 * The password never comes from argv (other users can read it in `ps`): `--password-stdin`,
 * `--password-file`, or — when `useEnv` — PACKGATE_USER_PASSWORD. One trailing newline is dropped.
 */
async function readPassword(ctx: CliContext, opts: UserFlags, useEnv: boolean): Promise<string | undefined> {
  if (opts.passwordStdin && opts.passwordFile !== undefined) {
    throw new UsageError('pass only one of --password-stdin and --password-file');
  }
  let raw: string;
  let source: string;
  if (opts.passwordStdin) {
    raw = await ctx.readStdin();
    source = '--password-stdin';
  } else if (opts.passwordFile !== undefined) {
    try {
      raw = readFileSync(resolve(ctx.cwd, opts.passwordFile), 'utf8');
    } catch {
      throw new UsageError(`--password-file: cannot read ${opts.passwordFile}`);
    }
    source = '--password-file';
  } else if (useEnv && ctx.env.userPassword !== undefined) {
    raw = ctx.env.userPassword;
    source = 'PACKGATE_USER_PASSWORD';
  } else return undefined;
  const password = raw.replace(/\r?\n$/, '');
  if (password === '') throw new UsageError(`${source}: the password is empty`, PASSWORD_SOURCES);
  return password;
}

/** `packgate users list|create|get|update|delete` and `packgate licenses list|set`. */
export const registerUsers: RegisterVerb = (program, cli) => {
  const group = program.command('users').description('users of a tenant (web and public apps act for them)');
  const target = async (opts: AdminFlags) => {
    const admin = adminClientFor(cli.ctx, opts);
    return { admin, sub: await admin.tenant() };
  };
  const bodyOf = (opts: UserFlags, password: string | undefined) => ({
    ...(password === undefined ? {} : { password }),
    ...(opts.email === undefined ? {} : { email: opts.email === false ? null : opts.email }),
    ...(opts.bu && opts.bu.length > 0 ? { businessUnits: parseMemberships(opts.bu) } : {}),
    ...(opts.administerPackages === undefined ? {} : { administerPackages: opts.administerPackages }),
  });
  const userOptions = (cmd: ReturnType<typeof group.command>) =>
    adminOptions(
      cmd
        .option('--password-stdin', 'read the password from standard input (one line)')
        .option('--password-file <path>', 'file holding the password (one line)')
        .option('--email <email>', 'e-mail address')
        .option(
          '--bu <mid=permissions>',
          'membership: MID=scope,scope (repeat per business unit)',
          collect,
          [],
        )
        .option('--administer-packages', 'grant Installed Package | Administer'),
    );

  cli.action<AdminFlags>(adminOptions(group.command('list').description('list users')), async (opts) => {
    const { admin, sub } = await target(opts);
    const items = await admin.listAll('listUsers', { sub, query: { limit: '500' } });
    printResult(cli.ctx, opts.json, { items }, (b) =>
      formatTable(
        [
          { header: 'id', cell: (u: TenantUser) => u.id },
          { header: 'username', cell: (u) => u.username },
          { header: 'business units', cell: (u) => u.businessUnits.map((m) => m.mid) },
        ],
        b.items,
      ),
    );
    return 0;
  });

  const create = userOptions(group.command('create').description('create a user').argument('<username>'));
  cli.action<UserFlags>(create, async (opts, args) => {
    if (!opts.bu || opts.bu.length === 0)
      throw new UsageError('at least one --bu MID=permissions is required');
    const password = await readPassword(cli.ctx, opts, true);
    if (password === undefined) throw new UsageError('a password is required', PASSWORD_SOURCES);
    const { admin, sub } = await target(opts);
    const body = await admin.request('createUser', {
      sub,
      body: {
        username: String(args[0]),
        password,
        businessUnits: parseMemberships(opts.bu),
        // --no-email exists on update only: here the address is a string or absent.
        ...(typeof opts.email === 'string' ? { email: opts.email } : {}),
        ...(opts.administerPackages === undefined ? {} : { administerPackages: opts.administerPackages }),
      },
    });
    printResult(cli.ctx, opts.json, body, showUser);
    return 0;
  });

  const get = adminOptions(group.command('get').description('show a user').argument('<user-id>'));
  cli.action<AdminFlags>(get, async (opts, args) => {
    const { admin, sub } = await target(opts);
    printResult(
      cli.ctx,
      opts.json,
      await admin.request('getUser', { sub, userId: String(args[0]) }),
      showUser,
    );
    return 0;
  });

  // The negations come after userOptions: commander keeps the default (unset) only when
  // `--x` is defined before `--no-x`.
  const update = userOptions(
    group
      .command('update')
      .description(
        'change password (--password-stdin or --password-file only), e-mail, memberships (--bu replaces all)',
      )
      .argument('<user-id>'),
  )
    .option('--no-email', 'clear the e-mail address')
    .option('--no-administer-packages', 'withdraw Installed Package | Administer');
  cli.action<UserFlags>(update, async (opts, args) => {
    // PACKGATE_USER_PASSWORD is for create only: a variable left in the shell must not reset a password.
    const body = bodyOf(opts, await readPassword(cli.ctx, opts, false));
    const { admin, sub } = await target(opts);
    const user = await admin.request('updateUser', { sub, userId: String(args[0]), body });
    printResult(cli.ctx, opts.json, user, showUser);
    return 0;
  });

  const del = adminOptions(
    group
      .command('delete')
      .description('delete a user (revokes their tokens)')
      .argument('<user-id>')
      .option('--yes', 'confirm the deletion'),
  );
  cli.action<AdminFlags & { yes?: boolean }>(del, async (opts, args) => {
    requireYes(opts.yes, `user ${String(args[0])}`);
    const { admin, sub } = await target(opts);
    await admin.request('deleteUser', { sub, userId: String(args[0]) });
    printResult(cli.ctx, opts.json, { deleted: args[0] }, () => `deleted user ${String(args[0])}\n`);
    return 0;
  });

  const licenses = program
    .command('licenses')
    .description('users licensed to a web or public app (its Access tab)');
  const licensesTarget = async (opts: AdminFlags, packageId: unknown) => {
    const admin = adminClientFor(cli.ctx, opts);
    return { admin, where: { sub: await admin.tenant(), id: String(packageId) } };
  };
  const showIds = (b: { userIds: number[] }) =>
    `${b.userIds.length === 0 ? '(none)' : b.userIds.join('\n')}\n`;
  cli.action<AdminFlags>(
    adminOptions(licenses.command('list').description('list licensed user ids').argument('<package-id>')),
    async (opts, args) => {
      const { admin, where } = await licensesTarget(opts, args[0]);
      printResult(cli.ctx, opts.json, await admin.request('listLicenses', where), showIds);
      return 0;
    },
  );
  cli.action<AdminFlags & { users?: string }>(
    adminOptions(
      licenses
        .command('set')
        .description('replace the licensed users (users losing a licence lose their tokens)')
        .argument('<package-id>')
        .requiredOption('--users <ids>', 'comma- or space-separated user ids ("" for none)'),
    ),
    async (opts, args) => {
      const userIds = parseList(opts.users).map((v) => {
        if (!/^[1-9]\d{0,14}$/.test(v)) throw new UsageError(`--users: "${v}" is not a user id`);
        return Number(v);
      });
      const { admin, where } = await licensesTarget(opts, args[0]);
      printResult(
        cli.ctx,
        opts.json,
        await admin.request('setLicenses', { ...where, body: { userIds } }),
        showIds,
      );
      return 0;
    },
  );
};
