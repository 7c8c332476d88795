import type { InstalledPackage } from '@packgate/client/admin';
import { type AdminFlags, adminClientFor, adminOptions } from '../admin/admin-client.js';
import { parseMids, requireYes } from '../admin/parse-list.js';
import { formatRecord, formatTable } from '../output/format-table.js';
import { printResult } from '../output/print-result.js';
import type { RegisterVerb } from './verb.js';

const showPackage = (p: InstalledPackage) =>
  formatRecord([
    ['id', p.id],
    ['name', p.name],
    ['description', p.description || '-'],
    ['mid', p.mid],
  ]);

/** `packgate packages list|create|get|delete` */
export const registerPackages: RegisterVerb = (program, cli) => {
  const group = program.command('packages').description('installed packages of a tenant');
  const target = async (opts: AdminFlags) => {
    const admin = adminClientFor(cli.ctx, opts);
    return { admin, sub: await admin.tenant() };
  };

  cli.action<AdminFlags>(
    adminOptions(group.command('list').description('list installed packages')),
    async (opts) => {
      const { admin, sub } = await target(opts);
      const items = await admin.listAll('listPackages', { sub, query: { limit: '500' } });
      printResult(cli.ctx, opts.json, { items }, (b) =>
        formatTable(
          [
            { header: 'id', cell: (p: InstalledPackage) => p.id },
            { header: 'name', cell: (p) => p.name },
            { header: 'mid', cell: (p) => p.mid },
            { header: 'description', cell: (p) => p.description || '-' },
          ],
          b.items,
        ),
      );
      return 0;
    },
  );

  const create = adminOptions(
    group
      .command('create')
      .description('create an installed package')
      .argument('<name>', 'package name')
      .option('--description <text>', 'description')
      .option('--mid <mid>', 'business unit the package is created in (default: the top BU)'),
  );
  cli.action<AdminFlags & { description?: string; mid?: string }>(create, async (opts, args) => {
    const mid = opts.mid === undefined ? undefined : parseMids(opts.mid, '--mid')[0];
    const { admin, sub } = await target(opts);
    const body = await admin.request('createPackage', {
      sub,
      body: {
        name: String(args[0]),
        ...(opts.description === undefined ? {} : { description: opts.description }),
        ...(mid === undefined ? {} : { mid }),
      },
    });
    printResult(cli.ctx, opts.json, body, showPackage);
    return 0;
  });

  const get = adminOptions(group.command('get').description('show a package').argument('<package-id>'));
  cli.action<AdminFlags>(get, async (opts, args) => {
    const { admin, sub } = await target(opts);
    const body = await admin.request('getPackage', { sub, id: String(args[0]) });
    printResult(cli.ctx, opts.json, body, showPackage);
    return 0;
  });

  const del = adminOptions(
    group
      .command('delete')
      .description('delete a package (and its API Integration)')
      .argument('<package-id>')
      .option('--yes', 'confirm the deletion'),
  );
  cli.action<AdminFlags & { yes?: boolean }>(del, async (opts, args) => {
    requireYes(opts.yes, `package ${String(args[0])}`);
    const { admin, sub } = await target(opts);
    await admin.request('deletePackage', { sub, id: String(args[0]) });
    printResult(cli.ctx, opts.json, { deleted: args[0] }, () => `deleted package ${String(args[0])}\n`);
    return 0;
  });
};
