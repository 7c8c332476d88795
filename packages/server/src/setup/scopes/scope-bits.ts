import { SCOPE_CATALOGUE, scopeIndex } from './scope-catalogue.js';

/**
 * The compact `scp` claim: a bit set over the scope catalogue, base64url-encoded.
 * Bit i (byte ⌊i/8⌋, bit i mod 8, least significant first) stands for catalogue entry i;
 * trailing zero bytes are dropped, so `""` means no scopes. This keeps every access token
 * within Marketing Cloud's documented 512-character maximum however many scopes it carries.
 */
export function encodeScopeBits(ids: readonly string[]): string {
  const bytes = new Uint8Array(Math.ceil(SCOPE_CATALOGUE.length / 8));
  let last = -1;
  for (const id of ids) {
    const i = scopeIndex(id);
    if (i < 0) continue;
    bytes[i >> 3] = (bytes[i >> 3] ?? 0) | (1 << (i & 7));
    if (i >> 3 > last) last = i >> 3;
  }
  return Buffer.from(bytes.subarray(0, last + 1)).toString('base64url');
}

/** Inverse of {@link encodeScopeBits}; returns scope ids in catalogue order. */
export function decodeScopeBits(encoded: string): string[] {
  const bytes = Buffer.from(encoded, 'base64url');
  const ids: string[] = [];
  SCOPE_CATALOGUE.forEach((scope, i) => {
    if (((bytes[i >> 3] ?? 0) >> (i & 7)) & 1) ids.push(scope.id);
  });
  return ids;
}
