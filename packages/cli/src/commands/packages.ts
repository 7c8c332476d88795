import { type AdminFlags, adminOptions, createAdminClient, seg } from '../admin/admin-client.js';
import type { Items, PackageBody } from '../admin/admin-types.js';
import { parseMids, requireYes } from '../admin/parse-list.js';
import { formatRecord, formatTable } from '../output/format-table.js';
import { printResult } from '../output/print-result.js';
import type { RegisterVerb } from './verb.js';

const showPackage = (p: PackageBody) =>
  formatRecord([
    ['id', p.id],
    ['name', p.name],
    ['description', p.description || '-'],
    ['mid', p.mid],
  ]);

/** `packgate packages list|create|get|delete` */
export const registerPackages: RegisterVerb = (program, cli) => {
  const group = program.command('packages').description('installed packages of a tenant');
  const path = async (opts: AdminFlags, id?: unknown) => {
    const admin = createAdminClient(cli.ctx, opts);
    const base = `/tenants/${seg(await admin.tenant())}/packages`;
    return { admin, url: id === undefined ? base : `${base}/${seg(String(id))}` };
  };

  cli.action<AdminFlags>(
    adminOptions(group.command('list').description('list installed packages')),
    async (opts) => {
      const { admin, url } = await path(opts);
      const items: PackageBody[] = [];
      let after: string | undefined;
      do {
        const page = await admin.request<Items<PackageBody>>(
          'GET',
          `${url}?limit=500${after ? `&after=${seg(after)}` : ''}`,
        );
        items.push(...page.items);
        after = page.nextCursor;
      } while (after);
      printResult(cli.ctx, opts.json, { items }, (b) =>
        formatTable(
          [
            { header: 'id', cell: (p: PackageBody) => p.id },
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
    const { admin, url } = await path(opts);
    const body = await admin.request<PackageBody>('POST', url, {
      name: args[0],
      ...(opts.description === undefined ? {} : { description: opts.description }),
      ...(mid === undefined ? {} : { mid }),
    });
    printResult(cli.ctx, opts.json, body, showPackage);
    return 0;
  });

  const get = adminOptions(group.command('get').description('show a package').argument('<package-id>'));
  cli.action<AdminFlags>(get, async (opts, args) => {
    const { admin, url } = await path(opts, args[0]);
    printResult(cli.ctx, opts.json, await admin.request<PackageBody>('GET', url), showPackage);
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
    const { admin, url } = await path(opts, args[0]);
    await admin.request('DELETE', url);
    printResult(cli.ctx, opts.json, { deleted: args[0] }, () => `deleted package ${String(args[0])}\n`);
    return 0;
  });
};
