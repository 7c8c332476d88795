import { type AdminFlags, adminOptions, createAdminClient, seg } from '../admin/admin-client.js';
import type { Items } from '../admin/admin-types.js';
import { UsageError } from '../cli-error.js';
import { formatTable } from '../output/format-table.js';
import type { RegisterVerb } from './verb.js';

interface ReviewItem {
  packageId: string;
  packageName: string;
  clientId: string | null;
  integrationType: string | null;
  grantedScopes: string[];
  scopeUsage: Record<string, number>;
  unusedScopes: string[];
  businessUnitsEnabled: number[] | null;
  businessUnitsWithTokens: number[];
  businessUnitsNeverUsed: number[];
  secretAgeDays: number | null;
  secretExpiresAt: string | null;
  lastTokenAt: string | null;
  tokensInWindow: number;
  tokensPerDay: number;
  flags: string[];
}

const COLUMNS: readonly { header: string; cell: (i: ReviewItem) => string | number }[] = [
  { header: 'package', cell: (i) => i.packageName },
  { header: 'package id', cell: (i) => i.packageId },
  { header: 'type', cell: (i) => i.integrationType ?? '' },
  { header: 'client id', cell: (i) => i.clientId ?? '' },
  { header: 'granted scopes', cell: (i) => i.grantedScopes.join(' ') },
  { header: 'unused scopes', cell: (i) => i.unusedScopes.join(' ') },
  { header: 'BUs enabled', cell: (i) => (i.businessUnitsEnabled ?? []).join(' ') },
  { header: 'BUs with tokens', cell: (i) => i.businessUnitsWithTokens.join(' ') },
  { header: 'secret age (days)', cell: (i) => i.secretAgeDays ?? '' },
  { header: 'secret expires', cell: (i) => i.secretExpiresAt ?? '' },
  { header: 'last token', cell: (i) => i.lastTokenAt ?? '' },
  { header: 'tokens/day', cell: (i) => i.tokensPerDay },
  { header: 'flags', cell: (i) => i.flags.join(' ') },
];

/** RFC 4180: quote a field when it holds a comma, quote or line break. */
const csvField = (value: string | number) => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** `packgate review [--tenant] [--days 30] [--format table|json|csv]`: the access review per package. */
export const registerReview: RegisterVerb = (program, cli) => {
  const cmd = adminOptions(
    program
      .command('review')
      .description('access review: granted vs used scopes, BUs, secret age and expiry, tokens per package')
      .option('--days <n>', 'usage window in days (1–399)', '30')
      .option('--format <format>', 'table, json or csv', 'table'),
  );
  cli.action<AdminFlags & { days: string; format: string }>(cmd, async (opts) => {
    const format = opts.json ? 'json' : opts.format;
    if (!['table', 'json', 'csv'].includes(format)) {
      throw new UsageError(`--format must be table, json or csv, got "${opts.format}"`);
    }
    if (!/^[1-9]\d{0,2}$/.test(opts.days) || Number(opts.days) > 399) {
      throw new UsageError(`--days must be between 1 and 399, got "${opts.days}"`);
    }
    const admin = createAdminClient(cli.ctx, opts);
    const body = await admin.request<Items<ReviewItem>>(
      'GET',
      `/tenants/${seg(await admin.tenant())}/access-review?days=${opts.days}`,
    );
    if (format === 'json') cli.ctx.stdout(`${JSON.stringify(body, null, 2)}\n`);
    else if (format === 'csv') {
      const lines = [COLUMNS.map((c) => csvField(c.header)).join(',')];
      for (const item of body.items) lines.push(COLUMNS.map((c) => csvField(c.cell(item))).join(','));
      cli.ctx.stdout(`${lines.join('\r\n')}\r\n`);
    } else cli.ctx.stdout(formatTable(COLUMNS, body.items));
    return 0;
  });
};
