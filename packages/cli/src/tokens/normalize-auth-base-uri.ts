import { isLoopbackHost } from '@packgate/client';
import { UsageError } from '../cli-error.js';

/**
 * The Authentication Base URI as a user may paste it → the canonical form with one trailing
 * slash. Tolerates a missing slash and a pasted `…/v2/token`; refuses what would send the
 * client secret somewhere unintended (credentials in the URL, plain http off the machine).
 */
export function normalizeAuthBaseUri(input: string): string {
  const trimmed = input.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new UsageError(
      `the auth base URI is not a URL: "${trimmed.slice(0, 200)}"`,
      'copy the Authentication Base URI from the API Integration, e.g. https://mc….auth.marketingcloudapis.com/',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`the auth base URI must be https, not ${url.protocol}`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new UsageError(
      `refusing to send a client secret over plain http to ${url.hostname}`,
      'use https (http is accepted only for 127.0.0.1, ::1 and localhost)',
    );
  }
  if (url.username || url.password) {
    throw new UsageError('the auth base URI must not contain user credentials ("user@host")');
  }
  if (url.search || url.hash) {
    throw new UsageError('the auth base URI must not have a query or fragment');
  }
  const path = url.pathname.replace(/\/+v2\/token\/*$/i, '/').replace(/\/+$/, '');
  return `${url.origin}${path}/`;
}
