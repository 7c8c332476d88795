import { describe, expect, it } from 'vitest';
import { decodeScopeBits, encodeScopeBits } from './scope-bits.js';
import { SCOPE_CATALOGUE } from './scope-catalogue.js';

describe('compact scp claim', () => {
  it('round-trips any scope set in catalogue order', () => {
    const all = SCOPE_CATALOGUE.map((s) => s.id);
    expect(decodeScopeBits(encodeScopeBits(all))).toEqual(all);
    expect(decodeScopeBits(encodeScopeBits(['offline', 'email_read']))).toEqual(['email_read', 'offline']);
  });
  it('encodes no scopes as "" and the first scope as bit 0', () => {
    expect(encodeScopeBits([])).toBe('');
    expect(encodeScopeBits(['email_read'])).toBe('AQ'); // byte 0x01
    expect(decodeScopeBits('')).toEqual([]);
  });
  it('stays short enough for 512-character tokens even with every scope', () => {
    expect(encodeScopeBits(SCOPE_CATALOGUE.map((s) => s.id)).length).toBeLessThanOrEqual(16);
  });
});
