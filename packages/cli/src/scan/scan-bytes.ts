import { createReadStream } from 'node:fs';
import { TextDecoder } from 'node:util';
import { type SecretFinding, SecretStreamScanner } from './secret-stream-scanner.js';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/**
 * The encoding of a file from its first bytes: a byte-order mark, or else the pattern of NUL
 * bytes that ASCII text leaves in UTF-16 (every other byte zero). Anything else is read as UTF-8,
 * which keeps an ASCII secret intact even inside a binary file.
 */
export function detectEncoding(head: Uint8Array): { encoding: TextEncoding; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  const pairs = Math.floor(Math.min(head.length, 4096) / 2);
  if (pairs < 2) return { encoding: 'utf-8', bomLength: 0 };
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  if (oddZeros >= pairs * 0.4 && evenZeros <= pairs * 0.1) return { encoding: 'utf-16le', bomLength: 0 };
  if (evenZeros >= pairs * 0.4 && oddZeros <= pairs * 0.1) return { encoding: 'utf-16be', bomLength: 0 };
  return { encoding: 'utf-8', bomLength: 0 };
}

/** Feeds bytes of one text, in chunks of any size, to a secret scanner; the first chunk decides the encoding. */
export class ByteStreamScanner {
  readonly #scanner = new SecretStreamScanner();
  #decoder: TextDecoder | undefined;
  encoding: TextEncoding | undefined;

  push(bytes: Uint8Array): void {
    if (!this.#decoder) {
      const { encoding, bomLength } = detectEncoding(bytes);
      this.encoding = encoding;
      this.#decoder = new TextDecoder(encoding, { ignoreBOM: true });
      bytes = bytes.subarray(bomLength);
    }
    this.#scanner.push(this.#decoder.decode(bytes, { stream: true }));
  }

  end(): SecretFinding[] {
    if (this.#decoder) this.#scanner.push(this.#decoder.decode());
    return this.#scanner.end();
  }
}

export function scanBytes(bytes: Uint8Array): SecretFinding[] {
  const scanner = new ByteStreamScanner();
  scanner.push(bytes);
  return scanner.end();
}

/** Streams a file of any size through the scanner in 1 MiB reads: no size limit, nothing skipped. */
export async function scanFile(path: string): Promise<SecretFinding[]> {
  const scanner = new ByteStreamScanner();
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    scanner.push(chunk as Buffer);
  }
  return scanner.end();
}
