import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../cli-error.js';
import { scanFile } from '../scan/scan-bytes.js';
import {
  GitError,
  gitIgnored,
  gitTopLevel,
  type HistoryFinding,
  scanGitHistory,
} from '../scan/scan-git-history.js';
import { type FileFinding, toSarif } from '../scan/to-sarif.js';
import { walkFiles } from '../scan/walk-files.js';
import { CLI_VERSION } from '../version.js';
import type { CliRuntime } from './verb.js';

type Format = 'text' | 'json' | 'sarif';

interface WorkTreeFinding extends FileFinding {
  /** The file is ignored by git: on disk, in no commit (and `--git` will not find it there). */
  readonly ignoredByGit?: true;
}

/** `packgate secrets scan [paths…]`: leaked client secrets, told apart from look-alikes by checksum. */
export function registerSecretsScan(group: Command, cli: CliRuntime): void {
  const cmd = group
    .command('scan')
    .description(
      'find SFMC_ client secrets in files (any size, UTF-8 or UTF-16, escaped or URL-encoded) and, with --git, in every commit; exit 1 when a real (checksum-valid) one is found, 2 when something could not be read',
    )
    .argument('[paths...]', 'files or directories (default: .)')
    .option('--format <format>', 'text, json or sarif (SARIF 2.1.0)', 'text')
    .option('--json', 'same as --format json')
    .option('--git', 'also scan every blob reachable from any ref of the repository the paths are in')
    .option('--include-lookalikes', 'also list secret-shaped strings whose checksum is wrong');

  cli.action<{ format: string; json?: boolean; git?: boolean; includeLookalikes?: boolean }>(
    cmd,
    async (opts, args) => {
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

      let findings: WorkTreeFinding[] = [];
      let filesScanned = 0;
      const skipped: { path: string; reason: string }[] = [];
      for (const root of roots) {
        for await (const entry of walkFiles(resolve(ctx.cwd, root))) {
          if (entry.kind === 'skipped') {
            skipped.push({ path: display(entry.path), reason: entry.reason });
            continue;
          }
          try {
            const inFile = await scanFile(entry.path);
            filesScanned++;
            for (const f of inFile) findings.push({ ...f, path: display(entry.path) });
          } catch {
            skipped.push({ path: display(entry.path), reason: 'unreadable' });
          }
        }
      }
      findings = await markIgnoredByGit(ctx.cwd, findings);

      const history: HistoryFinding[] = [];
      if (opts.git) {
        const repos = new Set<string>();
        for (const root of roots) {
          const abs = resolve(ctx.cwd, root);
          const dir = (await stat(abs)).isDirectory() ? abs : resolve(abs, '..');
          const top = await gitTopLevel(dir);
          if (!top) throw new UsageError(`--git: ${root} is not inside a git work tree`);
          repos.add(top);
        }
        for (const repo of repos) {
          try {
            history.push(...(await scanGitHistory(repo)));
          } catch (error) {
            if (error instanceof GitError) throw new UsageError(`--git: ${error.message}`);
            throw error;
          }
        }
      }

      const leaks = findings.filter((f) => f.valid);
      const historyLeaks = history.filter((f) => f.valid);
      const lookalikes = findings.length - leaks.length + (history.length - historyLeaks.length);
      const listed = opts.includeLookalikes ? findings : leaks;
      const listedHistory = opts.includeLookalikes ? history : historyLeaks;
      const unreadable = skipped.filter((s) => s.reason === 'unreadable').length;
      const secretsFound = leaks.length + historyLeaks.length;

      if (format === 'sarif') {
        const asFile = historyLeaks.map((f) => ({ ...f, path: f.path }));
        ctx.stdout(`${JSON.stringify(toSarif([...leaks, ...asFile], CLI_VERSION, ctx.cwd), null, 2)}\n`);
      } else if (format === 'json') {
        const out = {
          findings: listed,
          ...(opts.git ? { history: listedHistory } : {}),
          filesScanned,
          ...(opts.git ? { blobsWithFindings: new Set(history.map((f) => f.blob)).size } : {}),
          skipped,
          secretsFound,
          lookalikesIgnored: lookalikes,
        };
        ctx.stdout(`${JSON.stringify(out, null, 2)}\n`);
      } else {
        for (const f of listed) {
          const what = f.valid ? 'client secret' : 'look-alike (checksum mismatch)';
          const notes = [
            f.encoded ? 'encoded' : '',
            f.ignoredByGit ? 'ignored by git: not in history, but on disk' : '',
          ]
            .filter(Boolean)
            .join('; ');
          ctx.stdout(
            `${f.path}:${f.line}:${f.column}  ${what}  fingerprint ${f.fingerprint}${notes ? `  (${notes})` : ''}\n`,
          );
        }
        for (const f of listedHistory) {
          const what = f.valid
            ? 'client secret in git history'
            : 'look-alike in git history (checksum mismatch)';
          ctx.stdout(
            `${f.commit.slice(0, 12)}:${f.path}:${f.line}:${f.column}  ${what}  fingerprint ${f.fingerprint}${f.encoded ? '  (encoded)' : ''}\n`,
          );
        }
        const excluded = skipped.filter((s) => s.reason === 'excluded-directory').length;
        const links = skipped.filter((s) => s.reason === 'symbolic-link').length;
        const notRead = [
          excluded
            ? `${excluded} node_modules/.git not walked (name one to scan it; --git reads history)`
            : '',
          links ? `${links} symbolic link${links === 1 ? '' : 's'} not followed` : '',
          unreadable ? `${unreadable} unreadable` : '',
        ].filter(Boolean);
        ctx.stderr(
          `${secretsFound} secret${secretsFound === 1 ? '' : 's'} found in ${filesScanned} file${filesScanned === 1 ? '' : 's'} scanned` +
            `${opts.git ? ` and the git history` : ''}` +
            ` (${lookalikes} look-alike${lookalikes === 1 ? '' : 's'} with a wrong checksum ignored` +
            `${notRead.length ? `; ${notRead.join(', ')}` : ''})\n`,
        );
        if (secretsFound > 0) {
          ctx.stderr(
            '  hint: rotate each leaked secret (`packgate secrets stage` then `activate`), then remove it from the file and its history\n',
          );
        }
        if (unreadable > 0)
          ctx.stderr('  warning: some files could not be read, so this scan is not complete\n');
      }
      if (secretsFound > 0) return 1;
      return unreadable > 0 ? 2 : 0;
    },
  );
}

/** Marks findings in files that git ignores (only when the scan runs inside a git work tree). */
async function markIgnoredByGit(cwd: string, findings: WorkTreeFinding[]): Promise<WorkTreeFinding[]> {
  if (findings.length === 0 || !(await gitTopLevel(cwd))) return findings;
  const ignored = await gitIgnored(cwd, [...new Set(findings.map((f) => f.path))]);
  return findings.map((f) => (ignored.has(f.path) ? { ...f, ignoredByGit: true as const } : f));
}
