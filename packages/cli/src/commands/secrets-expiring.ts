import type { ExpiringSecret } from '@packgate/client/admin';
import type { Command } from 'commander';
import { type AdminFlags, adminClientFor, adminOptions } from '../admin/admin-client.js';
import { formatTable } from '../output/format-table.js';
import { printResult } from '../output/print-result.js';
import type { CliRuntime } from './verb.js';

/**
 * `packgate secrets expiring [--within 30d] [--all-tenants] [--json]`: for cron — exit 1 when
 * any active or staged secret expires inside the window, 0 when none does.
 */
export function registerSecretsExpiring(group: Command, cli: CliRuntime): void {
  const cmd = adminOptions(
    group
      .command('expiring')
      .description('list secrets expiring within a window; exit 1 when there is any (for cron)')
      .option('--within <duration>', 'window, e.g. 30d, 14d, 12h', '30d')
      .option('--all-tenants', 'every tenant of the server instead of one'),
  );
  cli.action<AdminFlags & { within: string; allTenants?: boolean }>(cmd, async (opts) => {
    const admin = adminClientFor(cli.ctx, opts);
    const query = { within: opts.within };
    const body = opts.allTenants
      ? await admin.request('listExpiringSecrets', { query })
      : await admin.request('listTenantExpiringSecrets', { sub: await admin.tenant(), query });
    printResult(cli.ctx, opts.json, body, (b) =>
      b.items.length === 0
        ? `no secret expires within ${opts.within}\n`
        : formatTable(
            [
              { header: 'tenant', cell: (e: ExpiringSecret) => e.tenant },
              { header: 'package', cell: (e) => e.packageName },
              { header: 'client id', cell: (e) => e.clientId },
              { header: 'secret id', cell: (e) => e.secretId },
              { header: 'state', cell: (e) => e.state },
              { header: 'expires at', cell: (e) => e.expiresAt },
              { header: 'days left', cell: (e) => e.daysLeft },
            ],
            b.items,
          ),
    );
    return body.items.length > 0 ? 1 : 0;
  });
}
