import { describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  checkTssd,
  InvalidTssdError,
  isTssd,
  joinUrl,
  marketingCloudBaseUris,
  normalizeBaseUri,
  parseRetryAfter,
} from '../src/index.js';
import { REST, TSSD } from './helpers/fake-fetch.js';

describe('tssd validation (^[a-z0-9-]{28}$) before building any host', () => {
  it('accepts real subdomains, case-insensitively', () => {
    expect(isTssd(TSSD)).toBe(true);
    expect(isTssd('mcngbdhb7xy---qf--74j71213j1')).toBe(true);
    expect(checkTssd(TSSD.toUpperCase())).toBe(TSSD);
  });

  it.each([
    'evil.com/',
    'x@evil.com',
    `${TSSD}.evil.com`,
    `${TSSD.slice(0, 27)}/`,
    `${TSSD}x`,
    TSSD.slice(1),
    `${TSSD.slice(0, 27)}_`,
    '',
    `${TSSD.slice(0, 27)}\n`,
  ])('refuses %j', (value) => {
    expect(isTssd(value)).toBe(false);
    expect(() => checkTssd(value)).toThrow(InvalidTssdError);
    expect(() => marketingCloudBaseUris(value)).toThrow(InvalidTssdError);
  });

  it('refuses non-strings', () => {
    expect(isTssd(undefined)).toBe(false);
    expect(isTssd(12)).toBe(false);
  });

  it('builds the three base URIs', () => {
    expect(marketingCloudBaseUris(TSSD)).toEqual({
      authBaseUri: `https://${TSSD}.auth.marketingcloudapis.com/`,
      restBaseUri: `https://${TSSD}.rest.marketingcloudapis.com/`,
      soapBaseUri: `https://${TSSD}.soap.marketingcloudapis.com/`,
    });
  });
});

describe('normalizeBaseUri', () => {
  it('adds the trailing slash and, when asked, the scheme', () => {
    expect(normalizeBaseUri('https://a.example/x', { name: 'n' })).toBe('https://a.example/x/');
    expect(
      normalizeBaseUri(`${TSSD}.rest.marketingcloudapis.com`, { name: 'n', addMissingScheme: true }),
    ).toBe(REST);
  });

  it.each([
    'javascript:alert(1)',
    'file:///etc/passwd',
    'http://a.example/',
    'https://u:p@a.example/',
    'https://a.example/?q',
    'https://a.example/#f',
    '//a.example/',
    '   ',
  ])('refuses %j', (value) => {
    expect(() => normalizeBaseUri(value, { name: 'n' })).toThrow(ConfigurationError);
  });

  it('allows http off loopback only when asked', () => {
    expect(normalizeBaseUri('http://a.example', { name: 'n', allowInsecureHttp: true })).toBe(
      'http://a.example/',
    );
    expect(normalizeBaseUri('http://127.0.0.2:9/', { name: 'n' })).toBe('http://127.0.0.2:9/');
    expect(normalizeBaseUri('http://[::1]:9/', { name: 'n' })).toBe('http://[::1]:9/');
  });
});

describe('joinUrl keeps the bearer token on its base', () => {
  it('joins relative paths with or without a leading slash and keeps the query', () => {
    expect(joinUrl(REST, '/platform/v1/tokenContext')).toBe(`${REST}platform/v1/tokenContext`);
    expect(joinUrl('http://127.0.0.1:1/t/rest/', 'data/v1/x?$page=2')).toBe(
      'http://127.0.0.1:1/t/rest/data/v1/x?$page=2',
    );
  });

  it.each([
    'https://evil.example/x',
    '//evil.example/x',
    '///evil.example/x',
    '../../admin/v1/tenants',
    'a/%2e%2e/b',
    'a\\..\\b',
    'javascript:alert(1)',
  ])('refuses %j', (path) => {
    expect(() => joinUrl(REST, path)).toThrow(ConfigurationError);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta seconds and HTTP dates, ignores garbage', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('isLoopbackHost: where plain http may carry a secret', () => {
  it('accepts localhost, 127.0.0.0/8 and ::1 (bracketed or not)', async () => {
    const { isLoopbackHost } = await import('../src/index.js');
    for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '127.9.8.7', '[::1]', '::1'])
      expect(isLoopbackHost(host), host).toBe(true);
  });
  it('refuses everything else, including look-alikes', async () => {
    const { isLoopbackHost } = await import('../src/index.js');
    for (const host of [
      'localhost.example.com',
      'notlocalhost',
      '128.0.0.1',
      '127.0.0.1.nip.io',
      '::2',
      '0.0.0.0',
    ])
      expect(isLoopbackHost(host), host).toBe(false);
  });
});
