import type { Tenant } from '@packgate/client/admin';
import { type AdminFlags, adminClientFor, adminOptions } from '../admin/admin-client.js';
import { requireYes } from '../admin/parse-list.js';
import { formatRecord, formatTable } from '../output/format-table.js';
import { printResult } from '../output/print-result.js';
import type { RegisterVerb } from './verb.js';

const showTenant = (t: Tenant) =>
  formatRecord([
    ['subdomain', t.subdomain],
    ['eid', t.eid],
    ['name', t.name],
    ['auth base URI', t.authBaseUri],
    ['REST base URI', t.restBaseUri],
    ['SOAP base URI', t.soapBaseUri],
  ]);

/** `packgate tenants list|create|delete` */
export const registerTenants: RegisterVerb = (program, cli) => {
  const group = program
    .command('tenants')
    .description('list, create and delete tenants (Marketing Cloud accounts)');

  cli.action<AdminFlags>(
    adminOptions(group.command('list').description('list tenants'), { tenant: false }),
    async (opts) => {
      const body = await adminClientFor(cli.ctx, opts).request('listTenants');
      printResult(cli.ctx, opts.json, body, (b) =>
        formatTable(
          [
            { header: 'subdomain', cell: (t: Tenant) => t.subdomain },
            { header: 'eid', cell: (t) => t.eid },
            { header: 'name', cell: (t) => t.name },
            { header: 'auth base URI', cell: (t) => t.authBaseUri },
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
      .description('create a tenant with its top business unit')
      .argument('<name>', 'tenant name'),
    { tenant: false },
  );
  cli.action<AdminFlags>(create, async (opts, args) => {
    const body = await adminClientFor(cli.ctx, opts).request('createTenant', {
      body: { name: String(args[0]) },
    });
    printResult(cli.ctx, opts.json, body, showTenant);
    return 0;
  });

  const del = adminOptions(
    group
      .command('delete')
      .description('delete a tenant and everything in it')
      .argument('<subdomain>', 'tenant subdomain')
      .option('--yes', 'confirm the deletion'),
    { tenant: false },
  );
  cli.action<AdminFlags & { yes?: boolean }>(del, async (opts, args) => {
    const sub = String(args[0]);
    requireYes(opts.yes, `tenant ${sub}`);
    await adminClientFor(cli.ctx, opts).request('deleteTenant', { sub });
    printResult(cli.ctx, opts.json, { deleted: sub }, () => `deleted tenant ${sub}\n`);
    return 0;
  });
};
