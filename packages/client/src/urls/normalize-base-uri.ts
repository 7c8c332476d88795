import { ConfigurationError } from '../errors/configuration-errors.js';
import { InvalidResponseError } from '../errors/token-errors.js';
import { checkTssd, isTssd } from './tssd.js';

/** Options of {@link normalizeBaseUri}. */
export interface NormalizeBaseUriOptions {
  /** Name used in error messages (e.g. `authBaseUri`). */
  name: string;
  /** Allow `http:` on hosts other than loopback (default `false`: credentials only travel over TLS). */
  allowInsecureHttp?: boolean;
  /** Prefix `https://` when the value has no scheme (Marketing Cloud docs show bare hosts). Default `false`. */
  addMissingScheme?: boolean;
  /** Throw {@link InvalidResponseError} instead of {@link ConfigurationError} (for values from a server). */
  fromServer?: boolean;
}

/**
 * Whether a URL host is a loopback address (where plain `http:` is allowed): `localhost`, 127.0.0.0/8
 * and `::1`, with or without the URL's brackets. Not `*.localhost`: Node resolves those through the
 * system resolver, which may ask DNS, so a secret sent over http to one could leave the machine.
 *
 * @example
 * ```ts
 * isLoopbackHost(new URL('http://127.0.0.1:8787/').hostname); // true
 * ```
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Validates a base URI and returns it in canonical form: absolute, `https:` (or `http:` on loopback),
 * no credentials, query or fragment, always ending in `/`. Marketing Cloud hosts
 * (`*.marketingcloudapis.com`) must carry a valid 28-character tenant subdomain.
 *
 * @example
 * ```ts
 * normalizeBaseUri('https://mc563885gzs27c5t9-63k636ttgm.auth.marketingcloudapis.com', { name: 'authBaseUri' });
 * // 'https://mc563885gzs27c5t9-63k636ttgm.auth.marketingcloudapis.com/'
 * ```
 */
export function normalizeBaseUri(input: unknown, options: NormalizeBaseUriOptions): string {
  const fail = (why: string): never => {
    const message = `${options.name} ${why}`;
    throw options.fromServer ? new InvalidResponseError(message) : new ConfigurationError(message);
  };
  if (typeof input !== 'string' || input.trim() === '') return fail('must be a non-empty string');
  let text = input.trim();
  if (options.addMissingScheme && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `https://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail('is not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return fail('must use https');
  if (url.protocol === 'http:' && !options.allowInsecureHttp && !isLoopbackHost(url.hostname)) {
    fail('must use https (http is allowed only on loopback hosts unless allowInsecureHttp is set)');
  }
  if (url.username !== '' || url.password !== '') fail('must not contain credentials');
  if (url.search !== '' || url.hash !== '' || text.includes('?') || text.includes('#')) {
    fail('must not contain a query or fragment');
  }
  const mc = /^(.*)\.(auth|rest|soap)\.marketingcloudapis\.com$/.exec(url.hostname);
  if (mc?.[1] !== undefined) {
    if (options.fromServer && !isTssd(mc[1])) fail('has an invalid Marketing Cloud tenant subdomain');
    checkTssd(mc[1]);
  }
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return url.href;
}
