import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  fingerprint,
  generateClientSecret,
  hashSecret,
  hasValidSecretChecksum,
  isSecretShaped,
  secretChecksum,
} from './secret-format.js';

describe('client secret format (PRODUCT.md §2)', () => {
  it('is SFMC_ + 51 alphanumerics + 8 lowercase hex = 64 characters', () => {
    const secret = generateClientSecret();
    expect(secret).toHaveLength(64);
    expect(secret).toMatch(/^SFMC_[A-Za-z0-9]{51}[0-9a-f]{8}$/);
  });

  it('checksum is the CRC-32 (IEEE, zlib) of the first 56 characters as 8 lowercase hex digits', () => {
    const secret = generateClientSecret();
    const expected = (crc32(secret.slice(0, 56)) >>> 0).toString(16).padStart(8, '0');
    expect(secret.slice(56)).toBe(expected);
    expect(hasValidSecretChecksum(secret)).toBe(true);
  });

  it('matches a known CRC-32 vector', () => {
    // CRC-32 of "123456789" is 0xcbf43926 (the standard check value).
    expect(secretChecksum('123456789')).toBe('cbf43926');
  });

  it('rejects a typo, a truncation and a look-alike', () => {
    const secret = generateClientSecret();
    const typo = `${secret.slice(0, 10)}${secret[10] === 'A' ? 'B' : 'A'}${secret.slice(11)}`;
    expect(hasValidSecretChecksum(typo)).toBe(false);
    expect(hasValidSecretChecksum(secret.slice(0, 63))).toBe(false);
    expect(isSecretShaped(secret.slice(0, 63))).toBe(false);
    expect(hasValidSecretChecksum(`SFMC_${'a'.repeat(51)}00000000`)).toBe(false);
    expect(isSecretShaped('lYkAjPxnmHP4Zarpv1U4cLf0')).toBe(false);
  });

  it('two secrets differ; hashes are SHA-256; fingerprints are 8 hex and do not reveal the secret', () => {
    const a = generateClientSecret();
    const b = generateClientSecret();
    expect(a).not.toBe(b);
    expect(hashSecret(a)).toHaveLength(32);
    expect(fingerprint(a)).toMatch(/^[0-9a-f]{8}$/);
    expect(a).not.toContain(fingerprint(a));
  });
});
