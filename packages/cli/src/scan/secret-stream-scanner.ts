import { fingerprint, hasValidSecretChecksum } from '@packgate/server/secret-format';
import { decodeWindow } from './decode-window.js';

/** A secret-shaped string in a text. The value itself is never kept, only its fingerprint. */
export interface SecretFinding {
  /** 1-based line and column (UTF-16 code units, as SARIF counts by default). */
  readonly line: number;
  readonly column: number;
  /** Characters the secret takes in the text (more than 64 when it is escaped or percent-encoded). */
  readonly length: number;
  /** First 8 hex of the SHA-256: matches the fingerprint Packgate logs. */
  readonly fingerprint: string;
  /** Checksum valid: a real client secret. Invalid: a look-alike (example, placeholder, typo). */
  readonly valid: boolean;
  /** Present when the secret was written with string escapes or URL percent-encoding. */
  readonly encoded?: true;
}

// `SFMC_` + 51 alphanumerics + 8 lowercase hex, not glued to a longer alphanumeric run.
const CANDIDATE = /(?<![A-Za-z0-9])SFMC_[A-Za-z0-9]{51}[0-9a-f]{8}(?![A-Za-z0-9])/g;

/** A secret's body after `SFMC_`, written plainly. */
const PLAIN_BODY = /[A-Za-z0-9]{51}[0-9a-f]{8}(?![A-Za-z0-9])/y;

/**
 * Where a secret can start, found with native `indexOf` before any decoding: `FMC` survives a
 * plain, `\x53`-prefixed or `_`-escaped secret; the other two catch a prefix escaped character by
 * character.
 */
const PROBES = ['FMC', '\\u0053', '%53'];
/** Context decoded around a probe: enough for an escaped prefix behind it and a fully escaped secret after. */
const BEHIND = 48;
const AHEAD = 64 * 6 + 16;
/** Text looked at again at each chunk boundary, so that a secret across it is seen whole. */
const OVERLAP = AHEAD + 64;
/** Smaller pushes are gathered first, so that the work per boundary stays small beside a chunk's. */
const DEFAULT_MIN_CHUNK = 64 * 1024;

/** Newlines in `text[from, to)`, and the index just after the last of them (or -1). */
function countNewlines(text: string, from: number, to: number): { count: number; lastLineStart: number } {
  let count = 0;
  let lastLineStart = -1;
  for (let nl = text.indexOf('\n', from); nl !== -1 && nl < to; nl = text.indexOf('\n', nl + 1)) {
    count++;
    lastLineStart = nl + 1;
  }
  return { count, lastLineStart };
}

/**
 * Scans a text given in chunks of any size (a file streamed from disk, a git blob) for client
 * secrets, with line and column counted across chunks. Each chunk is searched where it lies; only
 * a few kilobytes around each boundary are joined (joining whole chunks costs more than the search).
 */
export class SecretStreamScanner {
  /** The end of the previous chunk: context behind, and what was not searched yet. */
  #carry = '';
  /** Absolute offset of `#carry[0]`, its line number (1-based), and the absolute start of that line. */
  #carryBase = 0;
  #carryLine = 1;
  #carryLineStart = 0;
  /** Probes before this absolute offset have been looked at. */
  #scannedTo = 0;
  #pending = '';
  readonly #seen = new Set<number>();
  readonly #findings: SecretFinding[] = [];
  readonly #minChunk: number;

  /** `minChunk`: pushes are gathered up to this many characters before a search (at least 4 overlaps). */
  constructor(options: { minChunk?: number } = {}) {
    this.#minChunk = Math.max(4 * OVERLAP, options.minChunk ?? DEFAULT_MIN_CHUNK);
  }

  push(text: string): void {
    if (this.#pending === '' && text.length >= this.#minChunk) {
      this.#process(text, false);
      return;
    }
    this.#pending += text;
    if (this.#pending.length >= this.#minChunk) {
      const chunk = this.#pending;
      this.#pending = '';
      this.#process(chunk, false);
    }
  }

  /** Scans what is left and returns every finding, in order of position. */
  end(): SecretFinding[] {
    this.#process(this.#pending, true);
    this.#pending = '';
    this.#carry = '';
    return [...this.#findings].sort((a, b) => a.line - b.line || a.column - b.column);
  }

  #process(chunk: string, final: boolean): void {
    const carry = this.#carry;
    const base = this.#carryBase + carry.length;
    // The boundary: the carried end of the previous chunk joined to the start of this one.
    const headOfChunk = Math.min(chunk.length, 2 * OVERLAP);
    const head = carry + chunk.slice(0, headOfChunk);
    const headLimit = final && headOfChunk === chunk.length ? head.length : head.length - OVERLAP;
    this.#search(
      head,
      this.#carryBase,
      this.#carryLine,
      this.#carryLineStart,
      this.#scannedTo - this.#carryBase,
      headLimit,
    );
    this.#scannedTo = Math.max(this.#scannedTo, this.#carryBase + headLimit);

    const inCarry = countNewlines(carry, 0, carry.length);
    const chunkLine = this.#carryLine + inCarry.count;
    const chunkLineStart =
      inCarry.lastLineStart === -1 ? this.#carryLineStart : this.#carryBase + inCarry.lastLineStart;
    const to = final ? chunk.length : chunk.length - OVERLAP;
    const from = this.#scannedTo - base;
    if (to > from) {
      this.#search(chunk, base, chunkLine, chunkLineStart, from, to);
      this.#scannedTo = base + to;
    }
    if (final) return;
    const keepFrom = Math.max(0, this.#scannedTo - base - BEHIND);
    const dropped = countNewlines(chunk, 0, keepFrom);
    this.#carryLine = chunkLine + dropped.count;
    this.#carryLineStart = dropped.lastLineStart === -1 ? chunkLineStart : base + dropped.lastLineStart;
    this.#carry = chunk.slice(keepFrom);
    this.#carryBase = base + keepFrom;
  }

  /** Looks at every probe in `text[from, to)`; `text` starts at absolute offset `base`, on line `line`. */
  #search(text: string, base: number, line: number, lineStart: number, from: number, to: number): void {
    if (to <= from) return;
    for (const probe of PROBES) {
      for (let i = text.indexOf(probe, from); i !== -1 && i < to; i = text.indexOf(probe, i + 1)) {
        if (probe === 'FMC') this.#matchAfterFmc(text, base, line, lineStart, i);
        else this.#matchAround(text, base, line, lineStart, i, AHEAD);
      }
    }
  }

  /**
   * Most `FMC`s in real text are not secrets: rule them out without decoding anything. A plain
   * `_` must be followed by the 59 characters of a secret's body; only then is the few characters'
   * context behind it decoded (an escaped `S`, or a `\\n` / `%3D` before it).
   */
  #matchAfterFmc(text: string, base: number, line: number, lineStart: number, at: number): void {
    const next = text[at + 3];
    if (next === '_') {
      PLAIN_BODY.lastIndex = at + 4;
      if (PLAIN_BODY.test(text)) this.#matchAround(text, base, line, lineStart, at, 3 + 1 + 59 + 1);
    } else if (next === '\\' || next === '%') {
      this.#matchAround(text, base, line, lineStart, at, AHEAD);
    }
  }

  #matchAround(text: string, base: number, line: number, lineStart: number, at: number, ahead: number): void {
    const window = decodeWindow(text, Math.max(0, at - BEHIND), Math.min(text.length, at + ahead));
    for (const match of window.text.matchAll(CANDIDATE)) {
      const start = window.offsets[match.index] as number;
      const end = window.offsets[match.index + match[0].length] as number;
      const absolute = base + start;
      if (this.#seen.has(absolute)) continue;
      this.#seen.add(absolute);
      const value = match[0];
      const before = countNewlines(text, 0, start);
      const startOfLine = before.lastLineStart === -1 ? lineStart : base + before.lastLineStart;
      this.#findings.push({
        line: line + before.count,
        column: absolute - startOfLine + 1,
        length: end - start,
        fingerprint: fingerprint(value),
        valid: hasValidSecretChecksum(value),
        ...(end - start !== value.length ? { encoded: true as const } : {}),
      });
    }
  }
}

/** Every secret-shaped string in one text. */
export function findSecrets(text: string): SecretFinding[] {
  const scanner = new SecretStreamScanner();
  scanner.push(text);
  return scanner.end();
}
