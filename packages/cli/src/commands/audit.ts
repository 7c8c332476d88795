import { type AdminFlags, adminOptions, createAdminClient, seg } from '../admin/admin-client.js';
import type { AuditEventBody, Items } from '../admin/admin-types.js';
import { UsageError } from '../cli-error.js';
import { formatTable } from '../output/format-table.js';
import { printResult } from '../output/print-result.js';
import type { RegisterVerb } from './verb.js';

/** `packgate audit list`: who changed what, when and from where. */
export const registerAudit: RegisterVerb = (program, cli) => {
  const group = program
    .command('audit')
    .description("a tenant's audit trail (and the server-wide one: deleted tenants)");
  const list = adminOptions(
    group
      .command('list')
      .description('list audit events, newest first')
      .option('--limit <n>', 'how many events (1–500)', '100')
      .option('--before <id>', 'only events older than this event id (paging)')
      .option('--server-wide', "events of no tenant (tenant.deleted) instead of one tenant's"),
  );
  cli.action<AdminFlags & { limit: string; before?: string; serverWide?: boolean }>(list, async (opts) => {
    if (!/^\d+$/.test(opts.limit) || Number(opts.limit) < 1 || Number(opts.limit) > 500) {
      throw new UsageError(`--limit must be between 1 and 500, got "${opts.limit}"`);
    }
    if (opts.before !== undefined && !/^[1-9]\d*$/.test(opts.before)) {
      throw new UsageError(`--before must be an event id, got "${opts.before}"`);
    }
    const admin = createAdminClient(cli.ctx, opts);
    const query = `?limit=${opts.limit}${opts.before ? `&before=${opts.before}` : ''}`;
    const path = opts.serverWide ? '/audit-events' : `/tenants/${seg(await admin.tenant())}/audit-events`;
    const body = await admin.request<Items<AuditEventBody>>('GET', `${path}${query}`);
    printResult(
      cli.ctx,
      opts.json,
      body,
      (b) =>
        formatTable(
          [
            { header: 'id', cell: (e: AuditEventBody) => e.id },
            { header: 'when', cell: (e) => e.createdAt },
            { header: 'actor', cell: (e) => e.actor },
            { header: 'action', cell: (e) => e.action },
            { header: 'target', cell: (e) => e.target },
            { header: 'from', cell: (e) => e.sourceIp },
          ],
          b.items,
        ) + (b.nextCursor ? `more: --before ${b.nextCursor}\n` : ''),
    );
    return 0;
  });
};
