import { isLoopbackHost } from '@packgate/client';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/cli-error.js';
import { normalizeAuthBaseUri } from '../src/tokens/normalize-auth-base-uri.js';

describe('normalizeAuthBaseUri: one trailing slash, pasted v2/token tolerated', () => {
  const mc = 'https://mc563885gzs27c5t9-63k636ttgm.auth.marketingcloudapis.com';
  it.each([
    [`${mc}/`, `${mc}/`],
    [mc, `${mc}/`],
    [`${mc}/v2/token`, `${mc}/`],
    [`${mc}//v2/token/`, `${mc}/`],
    [`  ${mc}/  `, `${mc}/`],
    ['http://127.0.0.1:8787/mcabc/auth', 'http://127.0.0.1:8787/mcabc/auth/'],
    ['http://localhost:8787/mcabc/auth/v2/token', 'http://localhost:8787/mcabc/auth/'],
    ['http://[::1]:8787/mcabc/auth/', 'http://[::1]:8787/mcabc/auth/'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeAuthBaseUri(input)).toBe(expected);
  });

  it.each([
    ['http://mc.auth.marketingcloudapis.com/', /plain http/],
    ['https://x@evil.example/', /user credentials/],
    ['https://a.example/?next=1', /query or fragment/],
    ['ftp://a.example/', /must be https/],
    ['a.example', /not a URL/],
  ])('refuses %s', (input, message) => {
    expect(() => normalizeAuthBaseUri(input)).toThrow(UsageError);
    expect(() => normalizeAuthBaseUri(input)).toThrow(message);
  });

  it('treats only 127.0.0.0/8, ::1 and localhost names as loopback (the SDK rule; not *.localhost, which may be resolved by DNS)', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '[::1]', '::1'].every(isLoopbackHost)).toBe(true);
    expect(
      ['128.0.0.1', '10.0.0.1', 'localhost.example.com', '127.0.0.1.nip.io', 'app.localhost'].some(
        isLoopbackHost,
      ),
    ).toBe(false);
  });
});
