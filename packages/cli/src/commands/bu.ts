import type { BusinessUnit } from '@packgate/client/admin';
import { type AdminFlags, adminClientFor, adminOptions } from '../admin/admin-client.js';
import { parseMids } from '../admin/parse-list.js';
import { formatRecord, formatTable } from '../output/format-table.js';
import { printResult } from '../output/print-result.js';
import type { RegisterVerb } from './verb.js';

/** `packgate bu list|create` */
export const registerBusinessUnits: RegisterVerb = (program, cli) => {
  const group = program.command('bu').description('list and create business units of a tenant');

  cli.action<AdminFlags>(
    adminOptions(group.command('list').description('list business units')),
    async (opts) => {
      const admin = adminClientFor(cli.ctx, opts);
      const body = await admin.request('listBusinessUnits', { sub: await admin.tenant() });
      printResult(cli.ctx, opts.json, body, (b) =>
        formatTable(
          [
            { header: 'mid', cell: (u: BusinessUnit) => u.mid },
            { header: 'name', cell: (u) => u.name },
            { header: 'parent mid', cell: (u) => u.parentMid },
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
      .description('create a business unit')
      .argument('<name>', 'business unit name')
      .option('--parent-mid <mid>', 'parent business unit (default: the top BU)'),
  );
  cli.action<AdminFlags & { parentMid?: string }>(create, async (opts, args) => {
    const parent = opts.parentMid === undefined ? [] : parseMids(opts.parentMid, '--parent-mid');
    const admin = adminClientFor(cli.ctx, opts);
    const body = await admin.request('createBusinessUnit', {
      sub: await admin.tenant(),
      body: { name: String(args[0]), ...(parent[0] ? { parentMid: parent[0] } : {}) },
    });
    printResult(cli.ctx, opts.json, body, (u) =>
      formatRecord([
        ['mid', u.mid],
        ['name', u.name],
        ['parent mid', u.parentMid],
      ]),
    );
    return 0;
  });
};
