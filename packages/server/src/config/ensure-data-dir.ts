import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../errors/config-error.js';

/**
 * Makes sure `dir` (PACKGATE_DATA_DIR) is a directory, creating the missing levels one by one
 * (mode 0700). Node's `mkdir({ recursive: true })` loops forever where a parent refuses new
 * entries with ENOENT (`/proc`, `/sys`); a bad data dir must fail the boot with one line instead.
 */
export function ensureDataDir(dir: string): void {
  const target = resolve(dir);
  const missing: string[] = [];
  let current = target;
  for (;;) {
    const kind = kindOf(current);
    if (kind === 'directory') break;
    if (kind === 'other') {
      throw new ConfigError('PACKGATE_DATA_DIR', `${current} exists and is not a directory`);
    }
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const level of missing) {
    try {
      mkdirSync(level, { mode: 0o700 });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && kindOf(level) === 'directory') continue;
      throw new ConfigError('PACKGATE_DATA_DIR', `cannot create ${level} (${code ?? 'unknown error'})`);
    }
  }
}

function kindOf(path: string): 'directory' | 'other' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'directory' : 'other';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ENOTDIR: a parent is a file; the walk up reports that parent
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw new ConfigError('PACKGATE_DATA_DIR', `cannot read ${path} (${code ?? 'unknown error'})`);
  }
}
