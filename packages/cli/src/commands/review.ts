import type { AccessReviewItem } from '@packgate/client/admin';
import { type AdminFlags, adminClientFor, adminOptions } from '../admin/admin-client.js';
import { UsageError } from '../cli-error.js';
import { formatTable } from '../output/format-table.js';
import type { RegisterVerb } from './verb.js';

const COLUMNS: readonly { header: string; cell: (i: AccessReviewItem) => string | number }[] = [
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
    const admin = adminClientFor(cli.ctx, opts);
    const body = await admin.request('getAccessReview', {
      sub: await admin.tenant(),
      query: { days: opts.days },
    });
    if (format === 'json') cli.ctx.stdout(`${JSON.stringify(body, null, 2)}\n`);
    else if (format === 'csv') {
      const lines = [COLUMNS.map((c) => csvField(c.header)).join(',')];
      for (const item of body.items) lines.push(COLUMNS.map((c) => csvField(c.cell(item))).join(','));
      cli.ctx.stdout(`${lines.join('\r\n')}\r\n`);
    } else cli.ctx.stdout(formatTable(COLUMNS, body.items));
    return 0;
  });
};
