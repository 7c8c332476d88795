import { describe, expect, it } from 'vitest';
import { sourceAddressKey } from './source-address-key.js';

describe('source address budget key (IPv4 per address, IPv6 per /64)', () => {
  it('keeps IPv4 addresses, also IPv4-mapped ones', () => {
    expect(sourceAddressKey('192.0.2.7')).toBe('192.0.2.7');
    expect(sourceAddressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(sourceAddressKey('::FFFF:192.0.2.7')).toBe('192.0.2.7');
  });

  it('gives every address of one /64 the same key, whatever its spelling', () => {
    const key = sourceAddressKey('2001:db8:0:1::1');
    expect(key).toBe('2001:db8:0:1::/64');
    expect(sourceAddressKey('2001:0db8:0000:0001:ffff:ffff:ffff:ffff')).toBe(key);
    expect(sourceAddressKey('2001:DB8:0:1:a::b')).toBe(key);
    expect(sourceAddressKey('2001:db8:0:1::1%eth0')).toBe(key);
    expect(sourceAddressKey('2001:db8:0:2::1')).not.toBe(key);
  });

  it('handles the shortest spellings', () => {
    expect(sourceAddressKey('::1')).toBe('0:0:0:0::/64');
    expect(sourceAddressKey('::')).toBe('0:0:0:0::/64');
    expect(sourceAddressKey('fe80::')).toBe('fe80:0:0:0::/64');
  });

  it('leaves anything else (no socket address) as it is', () => {
    expect(sourceAddressKey('unknown')).toBe('unknown');
    expect(sourceAddressKey('')).toBe('');
  });
});
