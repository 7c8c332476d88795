import { readFileSync, writeFileSync } from 'node:fs';
import { CliError } from '../cli-error.js';
import { hasDropinBlock, withDropinBlock, withoutDropinBlock } from './hosts-block.js';

/** Where the copy of the hosts file from before the last change is kept. */
export const backupPath = (hostsFile: string) => `${hostsFile}.packgate-backup`;

function fail(action: string, path: string, err: unknown): CliError {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  return new CliError('ERR_HOSTS_FILE', `cannot ${action} ${path} (${code})`, {
    hint:
      code === 'EACCES' || code === 'EPERM'
        ? 'run it with sudo, or leave the hosts file alone and use the Node preload (NODE_OPTIONS="--import packgate/dropin")'
        : 'check --hosts-file',
  });
}

/**
 * Rewrites the hosts file in place (not through a rename: /etc/hosts is often a bind mount in
 * containers) after saving what it held to {@link backupPath}. Returns false when nothing changed.
 */
export function changeHostsFile(path: string, change: (text: string) => string): boolean {
  let before: string;
  try {
    before = readFileSync(path, 'utf8');
  } catch (err) {
    throw fail('read', path, err);
  }
  let after: string;
  try {
    after = change(before);
  } catch (err) {
    throw new CliError('ERR_HOSTS_FILE', `${path}: ${(err as Error).message}`, {
      hint: 'restore the block by hand (or from the .packgate-backup copy) and try again',
    });
  }
  if (after === before) return false;
  try {
    writeFileSync(backupPath(path), before);
  } catch (err) {
    throw fail('write the backup', backupPath(path), err);
  }
  try {
    writeFileSync(path, after);
  } catch (err) {
    throw fail('write', path, err);
  }
  return true;
}

export const applyHostsLines = (path: string, lines: readonly string[]) =>
  changeHostsFile(path, (text) => withDropinBlock(text, lines));

export const removeHostsLines = (path: string) =>
  changeHostsFile(path, (text) => (hasDropinBlock(text) ? withoutDropinBlock(text) : text));
