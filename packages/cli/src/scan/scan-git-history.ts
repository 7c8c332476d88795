import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { ByteStreamScanner } from './scan-bytes.js';
import type { SecretFinding } from './secret-stream-scanner.js';

/** A secret in a blob that some commit reachable from a ref holds, whether or not it is still in the tree. */
export interface HistoryFinding extends SecretFinding {
  readonly blob: string;
  /** The path the blob was first seen at, and the oldest commit that added it. */
  readonly path: string;
  readonly commit: string;
}

export class GitError extends Error {
  override readonly name = 'GitError';
}

function runGit(cwd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
    });
    child.on('error', (e) => reject(new GitError(`git could not be run: ${e.message}`)));
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new GitError(err.trim().split('\n')[0] || `git ${args[0]} failed`)),
    );
  });
}

/** The top of the work tree `dir` is in, or undefined when it is not in one. */
export async function gitTopLevel(dir: string): Promise<string | undefined> {
  try {
    return (await runGit(dir, ['rev-parse', '--show-toplevel'])).trim();
  } catch {
    return undefined;
  }
}

/** Which of `paths` (relative to `cwd`) git ignores: such a file is on disk but in no commit. */
export async function gitIgnored(cwd: string, paths: readonly string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  return new Promise((resolve) => {
    const child = spawn('git', ['check-ignore', '--stdin', '-z'], { cwd, stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    child.on('error', () => resolve(new Set()));
    child.on('close', () => resolve(new Set(out.split('\0').filter(Boolean))));
    child.stdin.end(`${paths.join('\0')}\0`);
  });
}

/** Every blob reachable from every ref, each once, with the first path it was seen at. */
async function reachableBlobs(repo: string): Promise<Map<string, string>> {
  const listing = await runGit(repo, ['rev-list', '--objects', '--all', '--filter=object:type=blob']);
  const blobs = new Map<string, string>();
  for (const line of listing.split('\n')) {
    const space = line.indexOf(' ');
    if (space === 40 || space === 64) {
      const sha = line.slice(0, space);
      if (!blobs.has(sha)) blobs.set(sha, line.slice(space + 1));
    }
  }
  return blobs;
}

/**
 * Streams the blobs through one `git cat-file --batch` and scans each as it arrives (no blob is held
 * whole in memory). Answers the findings per blob.
 */
async function scanBlobs(repo: string, shas: readonly string[]): Promise<Map<string, SecretFinding[]>> {
  const found = new Map<string, SecretFinding[]>();
  if (shas.length === 0) return found;
  const child = spawn('git', ['cat-file', '--batch'], { cwd: repo, stdio: ['pipe', 'pipe', 'ignore'] });
  const writer = (async () => {
    for (const sha of shas) {
      if (!child.stdin.write(`${sha}\n`)) await once(child.stdin, 'drain');
    }
    child.stdin.end();
  })();

  let header = '';
  let current: { sha: string; left: number; scanner: ByteStreamScanner | undefined } | undefined;
  let trailingNewline = false;
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
    let at = 0;
    while (at < chunk.length) {
      if (trailingNewline) {
        at++; // the newline after each blob's content
        trailingNewline = false;
        continue;
      }
      if (current) {
        const take = Math.min(current.left, chunk.length - at);
        current.scanner?.push(chunk.subarray(at, at + take));
        current.left -= take;
        at += take;
        if (current.left === 0) {
          const findings = current.scanner?.end() ?? [];
          if (findings.length > 0) found.set(current.sha, findings);
          current = undefined;
          trailingNewline = true;
        }
        continue;
      }
      const nl = chunk.indexOf(10, at);
      if (nl === -1) {
        header += chunk.toString('latin1', at);
        break;
      }
      header += chunk.toString('latin1', at, nl);
      at = nl + 1;
      const [sha = '', type, size] = header.split(' ');
      header = '';
      if (size === undefined) continue; // "<sha> missing": no content follows
      const bytes = Number(size);
      // Only blobs are asked for; anything else is read past, content and all.
      const scanner = type === 'blob' ? new ByteStreamScanner() : undefined;
      if (bytes === 0) trailingNewline = true;
      else current = { sha, left: bytes, scanner };
    }
  }
  await writer;
  return found;
}

/** The oldest commit, on any ref, that added `blob`. */
async function commitThatAdded(repo: string, blob: string): Promise<string> {
  const log = await runGit(repo, ['log', '--all', '--reverse', '--format=%H', `--find-object=${blob}`]);
  return log.split('\n')[0] ?? '';
}

/** Secrets in the whole history of the repository that `dir` is in: every blob reachable from all refs. */
export async function scanGitHistory(dir: string): Promise<HistoryFinding[]> {
  const repo = await gitTopLevel(dir);
  if (!repo) throw new GitError(`not inside a git work tree: ${dir}`);
  const blobs = await reachableBlobs(repo);
  const found = await scanBlobs(repo, [...blobs.keys()]);
  const findings: HistoryFinding[] = [];
  for (const [blob, inBlob] of found) {
    const commit = await commitThatAdded(repo, blob);
    for (const f of inBlob) findings.push({ ...f, blob, path: blobs.get(blob) ?? '', commit });
  }
  return findings.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column);
}
