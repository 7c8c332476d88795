import { describe, expect, it } from 'vitest';
import { BadRequest } from '../../errors/admin-errors.js';
import { checkRedirectUris } from './check-redirect-uris.js';

describe('redirect URI registration rules', () => {
  it('accepts https, loopback http and native schemes', () => {
    expect(
      checkRedirectUris(['https://app.example.com/cb', 'http://127.0.0.1:8080/cb', 'com.example.app:/cb']),
    ).toHaveLength(3);
  });
  it.each([
    [[], 'redirectUris'],
    [Array.from({ length: 11 }, (_, i) => `https://a.example/${i}`), 'redirectUris'],
    [['/relative'], 'redirectUris.0'],
    [['https://*.example.com/cb'], 'redirectUris.0'],
    [['https://a.example/cb#frag'], 'redirectUris.0'],
    [['http://app.example.com/cb'], 'redirectUris.0'],
    [['https://a.example/ok', 'javascript:alert(1)'], 'redirectUris.1'],
    [['https://a.example/x', 'https://a.example/x'], 'redirectUris'],
  ])('refuses %o naming the field %s', (uris, field) => {
    try {
      checkRedirectUris(uris);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(BadRequest);
      expect((err as BadRequest).field).toBe(field);
    }
  });
});
