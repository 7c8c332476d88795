import { type AdminFlags, adminClientFor, adminOptions } from '../admin/admin-client.js';
import { parseMids } from '../admin/parse-list.js';
import { showIntegration } from '../admin/show-integration.js';
import { UsageError } from '../cli-error.js';
import { printResult } from '../output/print-result.js';
import type { RegisterVerb } from './verb.js';

/** `packgate access set --mids … | --all`: the Access tab of a Server-to-Server integration. */
export const registerAccess: RegisterVerb = (program, cli) => {
  const group = program
    .command('access')
    .description('business units a Server-to-Server integration may get tokens for');
  const set = adminOptions(
    group
      .command('set')
      .description('replace the enabled business units (--mids) or enable all, including later ones (--all)')
      .argument('<package-id>')
      .option('--mids <mids>', 'comma- or space-separated MIDs')
      .option('--all', 'enable every business unit, including ones created later'),
  );
  cli.action<AdminFlags & { mids?: string; all?: boolean }>(set, async (opts, args) => {
    if (Boolean(opts.all) === (opts.mids !== undefined)) {
      throw new UsageError('pass exactly one of --mids and --all');
    }
    const body = opts.all ? { all: true as const } : { mids: parseMids(opts.mids, '--mids') };
    const admin = adminClientFor(cli.ctx, opts);
    const integration = await admin.request('setIntegrationAccess', {
      sub: await admin.tenant(),
      id: String(args[0]),
      body,
    });
    printResult(cli.ctx, opts.json, integration, showIntegration);
    return 0;
  });
};
