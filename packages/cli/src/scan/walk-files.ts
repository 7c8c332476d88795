import { lstat, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export const MAX_SCAN_BYTES = 5 * 1024 * 1024;
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

export type WalkEntry =
  | { readonly kind: 'file'; readonly path: string }
  | {
      readonly kind: 'skipped';
      readonly path: string;
      readonly reason: 'too-large' | 'binary' | 'unreadable';
    };

/** A NUL byte in the first 8 KiB marks a file as binary (as git does). */
async function isBinary(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(8192);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).includes(0);
  } finally {
    await handle.close();
  }
}

/**
 * Yields the text files under `root` (a file or a directory), depth first in name order.
 * Skips node_modules and .git, symbolic links (no loops, nothing outside the tree), files over
 * 5 MB and binary files.
 */
export async function* walkFiles(root: string): AsyncGenerator<WalkEntry> {
  let info: Awaited<ReturnType<typeof lstat>>;
  try {
    info = await lstat(root);
  } catch {
    yield { kind: 'skipped', path: root, reason: 'unreadable' };
    return;
  }
  if (info.isDirectory()) {
    let names: string[];
    try {
      names = (await readdir(root)).sort();
    } catch {
      yield { kind: 'skipped', path: root, reason: 'unreadable' };
      return;
    }
    for (const name of names) {
      if (SKIPPED_DIRS.has(name)) continue;
      yield* walkFiles(join(root, name));
    }
    return;
  }
  if (!info.isFile()) return;
  if (info.size > MAX_SCAN_BYTES) {
    yield { kind: 'skipped', path: root, reason: 'too-large' };
    return;
  }
  try {
    if (await isBinary(root)) {
      yield { kind: 'skipped', path: root, reason: 'binary' };
      return;
    }
  } catch {
    yield { kind: 'skipped', path: root, reason: 'unreadable' };
    return;
  }
  yield { kind: 'file', path: root };
}
