import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type AdminFlags, adminClientFor, adminOptions } from '../admin/admin-client.js';
import { CliError } from '../cli-error.js';
import { printResult } from '../output/print-result.js';
import type { RegisterVerb } from './verb.js';

/** `packgate seed FILE`: applies a seed file to a running server (as `serve --seed` does at start). */
export const registerSeed: RegisterVerb = (program, cli) => {
  const cmd = adminOptions(
    program
      .command('seed')
      .description('apply a seed file (JSON) to a running server, idempotently; prints what changed')
      .argument('<file>', 'the seed file (schema: docs/reference/seed.schema.json)'),
    { tenant: false },
  );
  cli.action<AdminFlags>(cmd, async (opts, args) => {
    const file = resolve(cli.ctx.cwd, String(args[0]));
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new CliError(
        'ERR_SEED_INVALID',
        `seed file ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
        {
          hint: 'check the path',
        },
      );
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      throw new CliError(
        'ERR_SEED_INVALID',
        `seed file ${file}: not valid JSON; seed files are JSON (YAML is not supported).`,
        {
          hint: 'fix the file (schema: docs/reference/seed.schema.json)',
        },
      );
    }
    const report = await adminClientFor(cli.ctx, opts).request('applySeed', { body: doc });
    printResult(cli.ctx, opts.json, report, (r) => {
      const lines = r.changes.length === 0 ? ['nothing to change'] : r.changes;
      for (const s of r.generatedSecrets) {
        lines.push(
          `${s.path}: generated client secret for ${s.clientId} (shown only now): ${s.clientSecret}`,
        );
      }
      return `${lines.join('\n')}\n`;
    });
    return 0;
  });
};
