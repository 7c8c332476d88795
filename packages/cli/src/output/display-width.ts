/**
 * Columns a string takes in a terminal: what a table must pad by, since `String.length` counts
 * UTF-16 code units (an emoji is 2, a CJK character 1, a combining accent 1 — and each takes 2, 2
 * and 0 columns). Counted per grapheme cluster (what the user sees as one character), by Unicode's
 * East Asian Width (W and F are 2) and emoji presentation; not a full wcwidth, but the cases a
 * package name, a username or a description hold.
 */
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const EMOJI = /\p{Extended_Pictographic}/u;
const EMOJI_TEXT_DEFAULT = /^\p{Extended_Pictographic}$/u;
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\p{Cc}]+$/u;

/** East Asian Wide and Fullwidth blocks (Unicode 15, EastAsianWidth.txt, merged into ranges). */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

function isWide(codePoint: number): boolean {
  for (const [from, to] of WIDE) {
    if (codePoint < from) return false;
    if (codePoint <= to) return true;
  }
  return false;
}

function graphemeWidth(grapheme: string): number {
  if (ZERO_WIDTH.test(grapheme)) return 0;
  const first = grapheme.codePointAt(0) ?? 0;
  if (isWide(first)) return 2;
  if (EMOJI.test(grapheme)) {
    // A pictograph shown as text (©, ™, ↔) is narrow unless VS16 or a sequence asks for emoji.
    return EMOJI_TEXT_DEFAULT.test(grapheme) && first < 0x1f000 ? 1 : 2;
  }
  return 1;
}

export function displayWidth(text: string): number {
  // ASCII: one column per character, the common case, without segmenting.
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  let width = 0;
  for (const { segment } of segmenter.segment(text)) width += graphemeWidth(segment);
  return width;
}

/** `text` followed by spaces up to `width` columns. */
export function padToWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
