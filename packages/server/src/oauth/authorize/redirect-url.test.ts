import { describe, expect, it } from 'vitest';
import { buildRedirectUrl } from './redirect-url.js';

describe('authorization response redirect (RFC 6749 §4.1.2)', () => {
  it('adds the parameters, encoded, and keeps an existing query', () => {
    const url = buildRedirectUrl('https://app.example/cb?x=1', {
      code: 'abc',
      state: 'a b&c=d/é<>"',
      tssd: 'mcsub',
      error: undefined,
    });
    const parsed = new URL(url);
    expect(parsed.origin + parsed.pathname).toBe('https://app.example/cb');
    expect(parsed.searchParams.get('x')).toBe('1');
    expect(parsed.searchParams.get('state')).toBe('a b&c=d/é<>"');
    expect(parsed.searchParams.has('error')).toBe(false);
  });
});
