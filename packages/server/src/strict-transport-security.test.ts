import { describe, expect, it } from 'vitest';
import { strictTransportSecurity } from './strict-transport-security.js';

describe('Strict-Transport-Security (RFC 6797) from the public URL', () => {
  it('one year when clients reach Packgate over https', () => {
    expect(strictTransportSecurity({ publicUrl: 'https://packgate.example.com' })).toBe('max-age=31536000');
    expect(strictTransportSecurity({ publicUrl: 'HTTPS://packgate.example.com:8443' })).toBe(
      'max-age=31536000',
    );
  });

  it('none over plain http (browsers ignore it there, and it would pin a name never served with TLS)', () => {
    expect(strictTransportSecurity({ publicUrl: 'http://127.0.0.1:8787' })).toBeUndefined();
  });
});
