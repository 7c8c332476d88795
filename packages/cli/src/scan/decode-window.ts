/**
 * A stretch of text with its string escapes and URL percent-encoding decoded, so that a secret
 * written as `\u0053FMC_…`, after a `\n` escape in minified JS, or as `%3DSFMC_…` in a query string
 * is matched like a plain one. `offsets[i]` is where decoded character `i` began in the original
 * text (`offsets[text.length]` is the end), so a finding is reported where it sits in the file.
 */
export interface DecodedWindow {
  readonly text: string;
  readonly offsets: readonly number[];
  /** True when at least one escape or percent sequence was decoded. */
  readonly decodedAny: boolean;
}

const HEX = /^[0-9A-Fa-f]+$/;

/** Control escapes decode to a newline: what matters is that they separate, like the character they stand for. */
const SEPARATOR_ESCAPES = new Set(['n', 'r', 't', 'b', 'f', 'v', '0']);

function hexAt(text: string, at: number, length: number): number | undefined {
  const digits = text.slice(at, at + length);
  return digits.length === length && HEX.test(digits) ? Number.parseInt(digits, 16) : undefined;
}

/** Decodes `text[start, end)`: `\uXXXX`, `\u{…}`, `\xXX`, `\n`-style, `\\`, `\"`, and `%XX`. */
export function decodeWindow(text: string, start: number, end: number): DecodedWindow {
  let out = '';
  const offsets: number[] = [];
  let decodedAny = false;
  let i = start;
  while (i < end) {
    const c = text[i] as string;
    if (c === '\\' && i + 1 < end) {
      const next = text[i + 1] as string;
      if (next === 'u') {
        if (text[i + 2] === '{') {
          const close = text.indexOf('}', i + 3);
          const code = close > 0 && close - i <= 10 ? hexAt(text, i + 3, close - i - 3) : undefined;
          if (code !== undefined && code <= 0x10ffff) {
            offsets.push(i);
            out += String.fromCodePoint(code);
            if (code > 0xffff) offsets.push(i);
            i = close + 1;
            decodedAny = true;
            continue;
          }
        } else {
          const code = hexAt(text, i + 2, 4);
          if (code !== undefined) {
            offsets.push(i);
            out += String.fromCharCode(code);
            i += 6;
            decodedAny = true;
            continue;
          }
        }
      } else if (next === 'x') {
        const code = hexAt(text, i + 2, 2);
        if (code !== undefined) {
          offsets.push(i);
          out += String.fromCharCode(code);
          i += 4;
          decodedAny = true;
          continue;
        }
      } else {
        offsets.push(i);
        out += SEPARATOR_ESCAPES.has(next) ? '\n' : next;
        i += 2;
        decodedAny = true;
        continue;
      }
    } else if (c === '%') {
      const code = hexAt(text, i + 1, 2);
      if (code !== undefined && code < 0x80) {
        offsets.push(i);
        out += String.fromCharCode(code);
        i += 3;
        decodedAny = true;
        continue;
      }
    }
    offsets.push(i);
    out += c;
    i++;
  }
  offsets.push(i);
  return { text: out, offsets, decodedAny };
}
