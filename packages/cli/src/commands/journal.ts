import type { AdminQuery, JournalEntry } from '@packgate/client/admin';
import { type AdminFlags, adminClientFor, adminOptions } from '../admin/admin-client.js';
import { UsageError } from '../cli-error.js';
import { printResult } from '../output/print-result.js';
import type { RegisterVerb } from './verb.js';

interface TailFlags extends AdminFlags {
  follow?: boolean;
  since?: string;
  path?: string;
  status?: string;
  clientId?: string;
  limit: string;
  intervalMs: string;
}

/** One line per request: when, what, the answer, how long, who, and which fault rules fired. */
export function formatJournalEntry(e: JournalEntry): string {
  const parts = [e.at, e.method, e.path, e.status === 0 ? 'dropped' : String(e.status), `${e.latencyMs}ms`];
  if (e.clientId) parts.push(`client=${e.clientId}`);
  if (e.grant) parts.push(`grant=${e.grant}`);
  if (typeof e.claims?.mid === 'number') parts.push(`mid=${e.claims.mid}`);
  if (e.faults?.length) parts.push(`faults=${e.faults.join(',')}`);
  return `${parts.join(' ')}\n`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `packgate journal tail [--follow]`, `packgate journal clear`: what a tenant received. */
export const registerJournal: RegisterVerb = (program, cli) => {
  const group = program
    .command('journal')
    .description("a tenant's request journal: every request it received, never a secret value");

  const tail = adminOptions(
    group
      .command('tail')
      .description('print the latest requests, oldest first; --follow keeps printing new ones')
      .option('-f, --follow', 'keep polling for new requests until interrupted')
      .option('--since <time>', 'only requests at or after this RFC 3339 time')
      .option('--path <glob>', 'only paths matching this glob (* one segment, ** any depth)')
      .option('--status <status>', 'only this HTTP status (0: dropped by a fault rule)')
      .option('--client-id <id>', 'only requests of this client')
      .option('--limit <n>', 'how many of the latest requests to print first (1–1000)', '20')
      .option('--interval-ms <ms>', 'with --follow: how often to poll', '1000'),
  );
  cli.action<TailFlags>(tail, async (opts) => {
    if (!/^\d{1,4}$/.test(opts.limit) || Number(opts.limit) < 1 || Number(opts.limit) > 1000) {
      throw new UsageError(`--limit must be between 1 and 1000, got "${opts.limit}"`);
    }
    if (!/^\d{1,6}$/.test(opts.intervalMs) || Number(opts.intervalMs) < 100) {
      throw new UsageError(`--interval-ms must be at least 100, got "${opts.intervalMs}"`);
    }
    const admin = adminClientFor(cli.ctx, opts);
    const sub = await admin.tenant();
    const filters: AdminQuery<'listJournal'> = {
      ...(opts.since === undefined ? {} : { since: opts.since }),
      ...(opts.path === undefined ? {} : { path: opts.path }),
      ...(opts.status === undefined ? {} : { status: opts.status }),
      ...(opts.clientId === undefined ? {} : { clientId: opts.clientId }),
    };
    const fetchPage = async (after: number | undefined, limit: string) =>
      admin.request('listJournal', {
        sub,
        query: { ...filters, limit, ...(after === undefined ? {} : { after: String(after) }) },
      });
    const first = await fetchPage(undefined, opts.limit);
    if (!opts.follow) {
      printResult(cli.ctx, opts.json, first, (b) =>
        b.enabled
          ? b.items.map(formatJournalEntry).join('') || '(none)\n'
          : '(the journal is off: PACKGATE_JOURNAL_SIZE=0)\n',
      );
      return 0;
    }
    // --follow: one JSON object per line with --json, so a pipe can read entries as they come.
    const print = (e: JournalEntry) =>
      cli.ctx.stdout(opts.json ? `${JSON.stringify(e)}\n` : formatJournalEntry(e));
    let last = first.items.at(-1)?.seq ?? 0;
    first.items.forEach(print);
    let stopped = false;
    const stop = cli.ctx.waitForShutdown().then(() => {
      stopped = true;
    });
    while (!stopped) {
      await Promise.race([sleep(Number(opts.intervalMs)), stop]);
      if (stopped) break;
      const page = await fetchPage(last, '1000');
      page.items.forEach(print);
      last = page.items.at(-1)?.seq ?? last;
    }
    return 0;
  });

  cli.action<AdminFlags>(
    adminOptions(group.command('clear').description("forget the tenant's journal (e.g. before a test run)")),
    async (opts) => {
      const admin = adminClientFor(cli.ctx, opts);
      const body = await admin.request('clearJournal', { sub: await admin.tenant() });
      printResult(
        cli.ctx,
        opts.json,
        body,
        (b) => `removed ${b.removed} journal entr${b.removed === 1 ? 'y' : 'ies'}\n`,
      );
      return 0;
    },
  );
};
