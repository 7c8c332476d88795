import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type AdminFlags, adminClientFor, adminOptions } from '../admin/admin-client.js';
import { CliError, UsageError } from '../cli-error.js';
import type { RegisterVerb } from './verb.js';

/** `packgate export`: every tenant as a seed document, the format `serve --seed` reads. */
export const registerExport: RegisterVerb = (program, cli) => {
  const cmd = adminOptions(
    program
      .command('export')
      .description("write the server's tenants, packages, users and Data Extensions as a seed file (JSON)")
      .option('--out <file>', 'write to this file (mode 0600) instead of stdout')
      .option(
        '--secrets <how>',
        '"hashes": client secrets as SHA-256 and passwords as scrypt hashes (the file seeds a server with the same credentials); "omit": neither',
        'hashes',
      ),
    { tenant: false },
  );
  cli.action<AdminFlags & { out?: string; secrets: string }>(cmd, async (opts) => {
    if (opts.secrets !== 'hashes' && opts.secrets !== 'omit') {
      throw new UsageError(`--secrets must be "hashes" or "omit", got "${opts.secrets}"`);
    }
    const doc = await adminClientFor(cli.ctx, opts).request('exportSeed', {
      query: { secrets: opts.secrets },
    });
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    if (!opts.out) {
      cli.ctx.stdout(text);
      return 0;
    }
    const file = resolve(cli.ctx.cwd, opts.out);
    try {
      writeFileSync(file, text, { mode: 0o600 });
    } catch (err) {
      throw new CliError(
        'ERR_WRITE_FAILED',
        `cannot write ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
        {
          hint: 'pick a file in a directory you can write',
        },
      );
    }
    cli.ctx.stderr(`packgate: seed file written to ${file}\n`);
    return 0;
  });
};
