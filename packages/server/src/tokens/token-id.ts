import { randomFillSync } from 'node:crypto';

const ID_BYTES = 9; // 72 random bits → 12 base64url characters
const POOL_BYTES = ID_BYTES * 512;

/**
 * Random token ids drawn from a pooled buffer: one `randomFillSync` per 512 ids instead of one
 * per token (a syscall each; ~4 % of the token endpoint's time when done per request). The
 * same technique node:crypto uses for `randomUUID`.
 */
export class TokenIdPool {
  readonly #pool = Buffer.alloc(POOL_BYTES);
  #offset = POOL_BYTES;

  /** 72 random bits, 12 base64url characters: unique among every token alive at once. */
  next(): string {
    if (this.#offset + ID_BYTES > POOL_BYTES) {
      randomFillSync(this.#pool);
      this.#offset = 0;
    }
    const id = this.#pool.toString('base64url', this.#offset, this.#offset + ID_BYTES);
    this.#offset += ID_BYTES;
    return id;
  }
}
