import { type AdminFlags, adminClientFor, adminOptions } from '../admin/admin-client.js';
import { printResult } from '../output/print-result.js';
import type { RegisterVerb } from './verb.js';

/** `packgate setup-link`: a fresh one-time operator sign-in link from the running server; only the URL on stdout. */
export const registerSetupLink: RegisterVerb = (program, cli) => {
  const cmd = adminOptions(
    program
      .command('setup-link')
      .description(
        'print a new one-time operator sign-in link for the Setup UI (valid 10 minutes, single use)',
      ),
    { tenant: false },
  );
  cli.action<AdminFlags>(cmd, async (opts) => {
    const body = await adminClientFor(cli.ctx, opts).request('createSetupLink');
    printResult(cli.ctx, opts.json, body, (b) => `${b.url}\n`);
    return 0;
  });
};
