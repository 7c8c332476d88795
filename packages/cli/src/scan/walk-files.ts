import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Walked past unless named on the command line: dependencies, and git's own store (`--git` reads history). */
const EXCLUDED_DIRS = new Set(['node_modules', '.git']);

export type WalkEntry =
  | { readonly kind: 'file'; readonly path: string }
  | {
      readonly kind: 'skipped';
      readonly path: string;
      readonly reason: 'excluded-directory' | 'symbolic-link' | 'unreadable';
    };

/**
 * Yields every regular file under `root` (a file or a directory), depth first in name order, and
 * everything it does not read, with the reason, so that nothing is left out silently: node_modules
 * and .git directories, symbolic links (no loops, nothing outside the tree), unreadable entries.
 * Files of every size and kind are yielded: the scanner streams them.
 */
export async function* walkFiles(root: string, isTopLevel = true): AsyncGenerator<WalkEntry> {
  let info: Awaited<ReturnType<typeof lstat>>;
  try {
    info = await lstat(root);
  } catch {
    yield { kind: 'skipped', path: root, reason: 'unreadable' };
    return;
  }
  if (info.isSymbolicLink()) {
    yield { kind: 'skipped', path: root, reason: 'symbolic-link' };
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
      const path = join(root, name);
      if (EXCLUDED_DIRS.has(name)) {
        yield { kind: 'skipped', path, reason: 'excluded-directory' };
        continue;
      }
      yield* walkFiles(path, false);
    }
    return;
  }
  if (info.isFile()) yield { kind: 'file', path: root };
  else if (isTopLevel) yield { kind: 'skipped', path: root, reason: 'unreadable' };
}
