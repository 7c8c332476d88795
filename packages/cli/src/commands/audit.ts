import type { AdminQuery, AuditEvent } from '@packgate/client/admin';
import type { Command } from 'commander';
import { type AdminFlags, adminClientFor, adminOptions, type CliAdminClient } from '../admin/admin-client.js';
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

type AuditQuery = AdminQuery<'listServerAuditEvents'>;

const filterQuery = (opts: FilterFlags): AuditQuery =>
  Object.fromEntries(
    (['action', 'target', 'actor', 'since', 'until'] as const)
      .filter((k) => opts[k] !== undefined)
      .map((k) => [k, String(opts[k])]),
  );

/** One page of the tenant's (or the server-wide) audit events. */
async function auditPage(admin: CliAdminClient, opts: FilterFlags, query: AuditQuery) {
  return opts.serverWide
    ? admin.request('listServerAuditEvents', { query })
    : admin.request('listTenantAuditEvents', { sub: await admin.tenant(), query });
}

/** Every matching event, newest first, through the SDK's cursor paging. */
async function allAuditEvents(admin: CliAdminClient, opts: FilterFlags, query: AuditQuery) {
  return opts.serverWide
    ? admin.listAll('listServerAuditEvents', { query })
    : admin.listAll('listTenantAuditEvents', { sub: await admin.tenant(), query });
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
    const admin = adminClientFor(cli.ctx, opts);
    const body = await auditPage(admin, opts, {
      limit: opts.limit,
      ...(opts.before ? { before: opts.before } : {}),
      ...filterQuery(opts),
    });
    printResult(
      cli.ctx,
      opts.json,
      body,
      (b) =>
        formatTable(
          [
            { header: 'id', cell: (e: AuditEvent) => e.id },
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
    const admin = adminClientFor(cli.ctx, opts);
    const events = await allAuditEvents(admin, opts, { limit: '500', ...filterQuery(opts) });
    for (const e of events.reverse()) cli.ctx.stdout(`${JSON.stringify(e)}\n`);
    return 0;
  });
};
