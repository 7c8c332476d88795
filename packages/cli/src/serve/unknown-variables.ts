import { KNOWN_VARIABLES } from '../config/server-env.js';

/**
 * A warning for a PACKGATE_* variable nothing reads: a typo (PACKGATE_DATABSE_URL) would
 * otherwise leave the server on its default without a word.
 */
export function describeUnknownVariable(name: string): string {
  const suggestion = closest(name, KNOWN_VARIABLES);
  return `packgate: warning: ${name} is not a Packgate setting and is ignored${suggestion ? ` (did you mean ${suggestion}?)` : ''}\n`;
}

/** The known name within a small edit distance, if there is one. */
function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 4;
  for (const candidate of candidates) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, two rows. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
