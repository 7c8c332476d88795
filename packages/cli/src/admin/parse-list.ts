import { UsageError } from '../cli-error.js';

/** `a,b c` or several arguments → a clean list (scopes, MIDs, redirect URIs). */
export function parseList(values: readonly string[] | string | undefined): string[] {
  const all = typeof values === 'string' ? [values] : [...(values ?? [])];
  return all.flatMap((v) => v.split(/[\s,]+/)).filter((v) => v !== '');
}

export function parseMids(values: readonly string[] | string | undefined, flag: string): number[] {
  return parseList(values).map((v) => {
    if (!/^[1-9]\d{0,14}$/.test(v)) throw new UsageError(`${flag}: "${v}" is not a MID (a positive number)`);
    return Number(v);
  });
}

export function requireYes(yes: boolean | undefined, what: string): void {
  if (!yes) throw new UsageError(`refusing to delete ${what} without --yes`, 'add --yes to confirm');
}
