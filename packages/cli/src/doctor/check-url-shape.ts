import { isLoopbackHost } from '@packgate/client';
import { type CheckResult, check } from './check-result.js';

const TITLE = 'auth base URI shape';
const TENANT_AUTH_HOST = /^[a-z0-9-]{28}\.auth\.marketingcloudapis\.com$/i;
const COPY_IT = 'copy the Authentication Base URI from the API Integration in Installed Packages';

/**
 * The URL as pasted: tenant-specific Marketing Cloud host, https, trailing slash, no `v2/token`.
 * `usable` is false when no request should be sent to it.
 */
export function checkUrlShape(raw: string): { result: CheckResult; usable: boolean } {
  const fail = (detail: string, fix: string) => ({
    result: check('url', TITLE, 'fail', detail, fix),
    usable: false,
  });
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return fail(`not a URL: "${raw.slice(0, 200)}"`, COPY_IT);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return fail(`unsupported scheme ${url.protocol}`, COPY_IT);
  if (url.username || url.password || url.search || url.hash) {
    return fail(
      'the URL carries user info, a query or a fragment',
      `${COPY_IT}: nothing but scheme, host and path`,
    );
  }
  const host = url.hostname.toLowerCase();
  if (host.endsWith('.exacttargetapis.com') || host === 'exacttargetapis.com') {
    return fail(
      `${host} is a legacy endpoint`,
      'enhanced packages use https://{subdomain}.auth.marketingcloudapis.com/ (the subdomain is not combinable with exacttargetapis.com)',
    );
  }
  if (url.protocol === 'http:' && !isLoopbackHost(host)) {
    return fail(
      'plain http to another machine would expose the client secret',
      'use the https Authentication Base URI',
    );
  }
  const notes: string[] = [];
  if (host.endsWith('marketingcloudapis.com')) {
    if (url.protocol !== 'https:') return fail('Marketing Cloud is reached over https only', 'use https://');
    if (/\.(rest|soap)\.marketingcloudapis\.com$/.test(host)) {
      return fail(
        `${host} is the ${host.includes('.rest.') ? 'REST' : 'SOAP'} base URI`,
        `use the Authentication Base URI, https://${host.replace(/\.(rest|soap)\./, '.auth.')}/`,
      );
    }
    if (!TENANT_AUTH_HOST.test(host)) {
      return fail(
        `${host} is not a tenant-specific auth host ({28-character subdomain}.auth.marketingcloudapis.com)`,
        COPY_IT,
      );
    }
    if (!/^\/(v2\/token\/?)?$/.test(url.pathname)) notes.push(`unexpected path ${url.pathname}`);
  } else if (/\/[^/]+\/(rest|soap)\/?$/.test(url.pathname.replace(/\/+v2\/token\/*$/i, '/'))) {
    // Packgate path mode: …/{subdomain}/rest/ is the REST base URI, not the auth one.
    const kind = /\/rest\/?$/.test(url.pathname) ? 'REST' : 'SOAP';
    const auth = `${url.origin}${url.pathname.replace(/\/(rest|soap)\/?$/, '/auth/')}`;
    return fail(`this is the ${kind} base URI`, `use the Authentication Base URI, ${auth}`);
  } else if (/^[a-z0-9-]+\.(rest|soap)\./i.test(host)) {
    const kind = host.includes('.rest.') ? 'REST' : 'SOAP';
    const auth = `${url.protocol}//${url.host.replace(/\.(rest|soap)\./i, '.auth.')}/`;
    return fail(`${host} is the ${kind} base URI`, `use the Authentication Base URI, ${auth}`);
  } else if (
    !/^[a-z0-9-]{28}\.auth\./i.test(host) &&
    !/\/auth\/?$/.test(url.pathname.replace(/\/+v2\/token\/*$/i, '/'))
  ) {
    notes.push(
      'Packgate auth base URIs end in /{subdomain}/auth/ (path mode) or start with {subdomain}.auth. (host mode)',
    );
  }
  if (/\/v2\/token\/?$/i.test(url.pathname)) notes.push('drop "v2/token": the base URI ends before it');
  else if (!raw.trim().endsWith('/'))
    notes.push('add the trailing slash: clients append "v2/token" directly');
  if (notes.length > 0) {
    return {
      result: check(
        'url',
        TITLE,
        'warn',
        notes.join('; '),
        'use the Authentication Base URI exactly as shown, with its trailing slash',
      ),
      usable: true,
    };
  }
  const what = host.endsWith('marketingcloudapis.com')
    ? 'tenant-specific Marketing Cloud auth base URI'
    : 'auth base URI';
  return { result: check('url', TITLE, 'pass', what), usable: true };
}
