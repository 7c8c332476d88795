import { createHash, hash, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { ALPHANUMERIC, randomString } from '../random-identifiers.js';

/**
 * Client secrets (PRODUCT.md §2): `SFMC_` + 51 characters `[A-Za-z0-9]` + an 8-character
 * checksum = 64 characters. The checksum is the CRC-32 (IEEE, as zlib) of the first 56
 * characters as 8 lowercase hex digits: a typo or truncation is caught without a lookup,
 * and secret scanners can tell a real secret from a look-alike.
 */
export const SECRET_PREFIX = 'SFMC_';
export const SECRET_LENGTH = 64;
const BODY_LENGTH = 51;
const SECRET_SHAPE = /^SFMC_[A-Za-z0-9]{51}[0-9a-f]{8}$/;

/** CRC-32 of the first 56 characters as 8 lowercase hex digits. */
export function secretChecksum(first56: string): string {
  return (crc32(first56) >>> 0).toString(16).padStart(8, '0');
}

export function generateClientSecret(): string {
  const head = SECRET_PREFIX + randomString(BODY_LENGTH, ALPHANUMERIC);
  return head + secretChecksum(head);
}

/** True for a string with the secret's shape (prefix, length, alphabet) — checksum not checked. */
export function isSecretShaped(value: string): boolean {
  return SECRET_SHAPE.test(value);
}

/** True when `value` is secret-shaped and its checksum matches. */
export function hasValidSecretChecksum(value: string): boolean {
  return isSecretShaped(value) && secretChecksum(value.slice(0, 56)) === value.slice(56);
}

/** Secrets are stored only as SHA-256 (high-entropy: a slow KDF would add nothing but latency). */
export function hashSecret(secret: string): Buffer {
  // One-shot `hash()` costs about half of a createHash() object per call (on every token request).
  return hash('sha256', secret, 'buffer');
}

/** Constant-time comparison of two SHA-256 digests. */
export function digestsEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** First 8 hex of the SHA-256: safe to log, enough to tell secrets apart. */
export function fingerprint(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 8);
}
