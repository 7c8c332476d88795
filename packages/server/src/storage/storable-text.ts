/**
 * Text both stores keep exactly as sent. PostgreSQL refuses a NUL character in text (a driver
 * error, i.e. a 500, where SQLite stores it), and an unpaired UTF-16 surrogate (from a JSON
 * `\ud800` escape or an XML character reference) has no UTF-8 form: the drivers write U+FFFD,
 * so what is stored — or looked up — is not what was sent. No id, key, name or value needs either.
 * Every surface refuses such text at its door with this one rule, in its own error shape.
 */

/** Why a text is not storable, as it reads after "must not contain". */
export type UnstorableProblem = 'a NUL character' | 'an unpaired surrogate (text that is not UTF-8)';

/** A lone surrogate code point: in a `u` regex a well-formed pair is one code point, not Cs. */
const UNPAIRED_SURROGATE = /\p{Cs}/u;

export function problemOfText(text: string): UnstorableProblem | undefined {
  if (text.includes('\u0000')) return 'a NUL character';
  if (UNPAIRED_SURROGATE.test(text)) return 'an unpaired surrogate (text that is not UTF-8)';
  return undefined;
}

export function isStorableText(text: string): boolean {
  return problemOfText(text) === undefined;
}

export interface UnstorableField {
  /** Where it is: `name`, `businessUnits[0].permissions[1]`; the container's path for a key. */
  readonly path: string;
  readonly problem: UnstorableProblem;
}

/**
 * The first string (value or object key) of a parsed JSON value, query or form that is not
 * storable text. Walks with an explicit stack, not recursion: a body nested 100 000 deep is a
 * few hundred kilobytes and must not overflow the call stack.
 */
export function findUnstorableText(value: unknown): UnstorableField | undefined {
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: '' }];
  while (stack.length > 0) {
    const { value: item, path } = stack.pop() as { value: unknown; path: string };
    if (typeof item === 'string') {
      const problem = problemOfText(item);
      if (problem) return { path, problem };
    } else if (Array.isArray(item)) {
      // Pushed in reverse so the first offending field is the first in document order.
      for (let i = item.length - 1; i >= 0; i--) stack.push({ value: item[i], path: `${path}[${i}]` });
    } else if (typeof item === 'object' && item !== null) {
      const entries = Object.entries(item);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as [string, unknown];
        stack.push({ value: child, path: path ? `${path}.${key}` : key });
        stack.push({ value: key, path });
      }
    }
  }
  return undefined;
}
