import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../cli-error.js';
import { findSecrets } from '../scan/find-secrets.js';
import { type FileFinding, toSarif } from '../scan/to-sarif.js';
import { walkFiles } from '../scan/walk-files.js';
import { CLI_VERSION } from '../version.js';
import type { CliRuntime } from './verb.js';

type Format = 'text' | 'json' | 'sarif';

/** `packgate secrets scan [paths…]`: leaked client secrets, told apart from look-alikes by checksum. */
export function registerSecretsScan(group: Command, cli: CliRuntime): void {
  const cmd = group
    .command('scan')
    .description('find SFMC_ client secrets in files; exit 1 when a real (checksum-valid) one is found')
    .argument('[paths...]', 'files or directories (default: .)')
    .option('--format <format>', 'text, json or sarif (SARIF 2.1.0)', 'text')
    .option('--json', 'same as --format json')
    .option('--include-lookalikes', 'also list secret-shaped strings whose checksum is wrong');

  cli.action<{ format: string; json?: boolean; includeLookalikes?: boolean }>(cmd, async (opts, args) => {
    const { ctx } = cli;
    const format = (opts.json ? 'json' : opts.format) as Format;
    if (!['text', 'json', 'sarif'].includes(format)) {
      throw new UsageError(`--format must be text, json or sarif, got "${opts.format}"`);
    }
    const roots = (args[0] as string[] | undefined)?.length ? (args[0] as string[]) : ['.'];
    for (const root of roots) {
      await stat(resolve(ctx.cwd, root)).catch(() => {
        throw new UsageError(`no such file or directory: ${root}`);
      });
    }
    const display = (abs: string) => {
      const rel = relative(ctx.cwd, abs);
      return rel.startsWith('..') || isAbsolute(rel) ? abs : rel.split(sep).join('/') || '.';
    };

    const findings: FileFinding[] = [];
    let filesScanned = 0;
    const skipped: { path: string; reason: string }[] = [];
    for (const root of roots) {
      for await (const entry of walkFiles(resolve(ctx.cwd, root))) {
        if (entry.kind === 'skipped') {
          skipped.push({ path: display(entry.path), reason: entry.reason });
          continue;
        }
        filesScanned++;
        const text = await readFile(entry.path, 'utf8');
        for (const f of findSecrets(text)) findings.push({ ...f, path: display(entry.path) });
      }
    }
    const leaks = findings.filter((f) => f.valid);
    const lookalikes = findings.length - leaks.length;
    const listed = opts.includeLookalikes ? findings : leaks;

    if (format === 'sarif') ctx.stdout(`${JSON.stringify(toSarif(leaks, CLI_VERSION, ctx.cwd), null, 2)}\n`);
    else if (format === 'json') {
      const out = {
        findings: listed,
        filesScanned,
        skipped,
        secretsFound: leaks.length,
        lookalikesIgnored: lookalikes,
      };
      ctx.stdout(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      for (const f of listed) {
        const what = f.valid ? 'client secret' : 'look-alike (checksum mismatch)';
        ctx.stdout(`${f.path}:${f.line}:${f.column}  ${what}  fingerprint ${f.fingerprint}\n`);
      }
      const tooLarge = skipped.filter((s) => s.reason === 'too-large').length;
      ctx.stderr(
        `${leaks.length} secret${leaks.length === 1 ? '' : 's'} found in ${filesScanned} file${filesScanned === 1 ? '' : 's'} scanned` +
          ` (${lookalikes} look-alike${lookalikes === 1 ? '' : 's'} with a wrong checksum ignored; ${skipped.length} skipped` +
          `${tooLarge ? `, ${tooLarge} over 5 MB` : ''})\n`,
      );
      if (leaks.length > 0) {
        ctx.stderr(
          '  hint: rotate each leaked secret (`packgate secrets stage` then `activate`), then remove it from the file and its history\n',
        );
      }
    }
    return leaks.length > 0 ? 1 : 0;
  });
}
