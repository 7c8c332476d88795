import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import { ensureDataDir } from './ensure-data-dir.js';

const root = mkdtempSync(join(tmpdir(), 'packgate-data-dir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function failure(dir: string): ConfigError {
  try {
    ensureDataDir(dir);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`ensureDataDir(${dir}) did not fail`);
}

describe('data directory (PACKGATE_DATA_DIR) at boot', () => {
  it('creates the missing levels, private to the owner, and accepts an existing directory', () => {
    const dir = join(root, 'a', 'b', 'c');
    ensureDataDir(dir);
    expect(statSync(dir).isDirectory()).toBe(true);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    ensureDataDir(dir);
  });

  it('a file in the way → one line naming PACKGATE_DATA_DIR', () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    for (const dir of [file, join(file, 'below')]) {
      const err = failure(dir);
      expect(err.setting).toBe('PACKGATE_DATA_DIR');
      expect(err.message).toBe(`PACKGATE_DATA_DIR: ${file} exists and is not a directory`);
      expect(err.message.split('\n')).toHaveLength(1);
    }
  });

  // Node's recursive mkdir spins forever on ENOENT from a parent that exists (/proc): this
  // test would time out without the level-by-level creation.
  it.runIf(existsSync('/proc/self'))(
    'a parent that refuses new entries fails at once instead of hanging',
    () => {
      const err = failure('/proc/packgate-data-dir-test/data');
      expect(err.setting).toBe('PACKGATE_DATA_DIR');
      expect(err.message).toMatch(
        /^PACKGATE_DATA_DIR: cannot create \/proc\/packgate-data-dir-test \(ENOENT\)$/,
      );
    },
  );
});
