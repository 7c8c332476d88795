import type { Command } from 'commander';
import {
  type AdminClient,
  type AdminFlags,
  adminOptions,
  createAdminClient,
  seg,
} from '../admin/admin-client.js';
import type { AuditEventBody, Items } from '../admin/admin-types.js';
import { UsageError } from '../cli-error.js';
import { formatTable } from '../output/format-table.js';
import { printResult } from '../output/print-result.js';
import type { RegisterVerb } from './verb.js';

interface FilterFlags {
  action?: string;
  target?: string;
  actor?: string;
  since?: string;
  until?: string;
  serverWide?: boolean;
}

const withFilters = (cmd: Command) =>
  cmd
    .option('--action <action>', 'only this action (e.g. client_secret.revoked)')
    .option('--target <target>', 'only this target (e.g. a client id)')
    .option('--actor <actor>', 'only this actor')
    .option('--since <date>', 'only events at or after this ISO 8601 date or date-time')
    .option('--until <date>', 'only events before this ISO 8601 date or date-time')
    .option('--server-wide', "events of no tenant (tenant.deleted) instead of one tenant's");

const filterQuery = (opts: FilterFlags) =>
  (['action', 'target', 'actor', 'since', 'until'] as const)
    .filter((k) => opts[k] !== undefined)
    .map((k) => `&${k}=${encodeURIComponent(String(opts[k]))}`)
    .join('');

async function auditPath(admin: AdminClient, opts: FilterFlags): Promise<string> {
  return opts.serverWide ? '/audit-events' : `/tenants/${seg(await admin.tenant())}/audit-events`;
}

/** `packgate audit list|export`: who changed what, when and from where. */
export const registerAudit: RegisterVerb = (program, cli) => {
  const group = program
    .command('audit')
    .description("a tenant's audit trail (and the server-wide one: deleted tenants)");
  const list = adminOptions(
    withFilters(
      group
        .command('list')
        .description('list audit events, newest first')
        .option('--limit <n>', 'how many events (1–500)', '100')
        .option('--before <id>', 'only events older than this event id (paging)'),
    ),
  );
  cli.action<AdminFlags & FilterFlags & { limit: string; before?: string }>(list, async (opts) => {
    if (!/^\d+$/.test(opts.limit) || Number(opts.limit) < 1 || Number(opts.limit) > 500) {
      throw new UsageError(`--limit must be between 1 and 500, got "${opts.limit}"`);
    }
    if (opts.before !== undefined && !/^[1-9]\d*$/.test(opts.before)) {
      throw new UsageError(`--before must be an event id, got "${opts.before}"`);
    }
    const admin = createAdminClient(cli.ctx, opts);
    const query = `?limit=${opts.limit}${opts.before ? `&before=${opts.before}` : ''}${filterQuery(opts)}`;
    const body = await admin.request<Items<AuditEventBody>>('GET', `${await auditPath(admin, opts)}${query}`);
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

  const exportCmd = adminOptions(
    withFilters(
      group
        .command('export')
        .description(
          'every matching audit event as JSON Lines, oldest first (pages through the API; without --since: all)',
        ),
    ),
  );
  cli.action<AdminFlags & FilterFlags>(exportCmd, async (opts) => {
    const admin = createAdminClient(cli.ctx, opts);
    const path = await auditPath(admin, opts);
    const events: AuditEventBody[] = [];
    let before: string | undefined;
    do {
      const query = `?limit=500${before ? `&before=${before}` : ''}${filterQuery(opts)}`;
      const page = await admin.request<Items<AuditEventBody>>('GET', `${path}${query}`);
      events.push(...page.items);
      before = page.nextCursor;
    } while (before !== undefined);
    for (const e of events.reverse()) cli.ctx.stdout(`${JSON.stringify(e)}\n`);
    return 0;
  });
};
