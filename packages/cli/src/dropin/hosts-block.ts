/** First and last line of the block `packgate dropin --apply` writes into a hosts file. */
export const BEGIN_MARKER = '# BEGIN packgate dropin';
export const END_MARKER = '# END packgate dropin';

/**
 * The hosts-file lines for every tenant: one line per tenant with its auth, REST and SOAP
 * host names (hosts files take no wildcards).
 */
export function hostsLines(address: string, baseDomain: string, subdomains: readonly string[]): string[] {
  return subdomains.map(
    (sub) => `${address} ${['auth', 'rest', 'soap'].map((kind) => `${sub}.${kind}.${baseDomain}`).join(' ')}`,
  );
}

/**
 * The block as written: a newline first (so that it starts on a line of its own even after a
 * last line without one), the markers, the lines. Removing exactly this text restores the file.
 */
export function hostsBlock(lines: readonly string[]): string {
  return `\n${BEGIN_MARKER} (managed by Packgate; \`packgate dropin --remove\` takes it out)\n${lines.map((l) => `${l}\n`).join('')}${END_MARKER}\n`;
}

/** Where the block written by {@link hostsBlock} sits in `text`, or undefined. */
function findBlock(text: string): { start: number; end: number } | undefined {
  const begin = text.indexOf(`\n${BEGIN_MARKER}`);
  const atStart = text.startsWith(BEGIN_MARKER) ? 0 : -1;
  const start = begin >= 0 ? begin : atStart;
  if (start < 0) return undefined;
  const endMarker = text.indexOf(`${END_MARKER}\n`, start);
  if (endMarker < 0) {
    // A block cut short by hand: refuse rather than guess which lines are ours.
    throw new Error(`the hosts file has "${BEGIN_MARKER}" without "${END_MARKER}" after it`);
  }
  return { start, end: endMarker + END_MARKER.length + 1 };
}

export function hasDropinBlock(text: string): boolean {
  return findBlock(text) !== undefined;
}

/** `text` without Packgate's block; unchanged when there is none. */
export function withoutDropinBlock(text: string): string {
  const block = findBlock(text);
  return block ? text.slice(0, block.start) + text.slice(block.end) : text;
}

/** `text` with Packgate's block (replacing an earlier one) at its end. */
export function withDropinBlock(text: string, lines: readonly string[]): string {
  return withoutDropinBlock(text) + hostsBlock(lines);
}
