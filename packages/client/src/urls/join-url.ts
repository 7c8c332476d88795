import { ConfigurationError } from '../errors/configuration-errors.js';

/**
 * Joins a relative path (with optional query) onto a normalised base URI ending in `/`.
 * Leading slashes are dropped so `/platform/v1/x` stays under the base path; absolute URLs,
 * protocol-relative paths and `..` segments are refused so a bearer token never leaves the base.
 *
 * @example
 * ```ts
 * joinUrl('https://x.rest.marketingcloudapis.com/', '/platform/v1/tokenContext');
 * // 'https://x.rest.marketingcloudapis.com/platform/v1/tokenContext'
 * ```
 */
export function joinUrl(baseUri: string, path: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//') || path.includes('\\')) {
    throw new ConfigurationError('request path must be relative to the instance URL, not an absolute URL');
  }
  const relative = path.replace(/^\/+/, '');
  const pathOnly = relative.split(/[?#]/, 1)[0] ?? '';
  if (pathOnly.split('/').some((segment) => segment === '..' || segment.toLowerCase() === '%2e%2e')) {
    throw new ConfigurationError('request path must not contain ".." segments');
  }
  const base = baseUri.endsWith('/') ? baseUri : `${baseUri}/`;
  const url = new URL(relative, base);
  if (!url.href.startsWith(base)) {
    throw new ConfigurationError('request path resolves outside the instance URL');
  }
  return url.href;
}
