import type { IncomingMessage } from 'node:http';

/**
 * Host mode (PACKGATE_BASE_DOMAIN): `https://{subdomain}.{auth|rest|soap}.{domain}/x` is served
 * by the same routes as path mode's `/{subdomain}/{kind}/x`. Other hosts pass through.
 */
export function hostToPath(req: IncomingMessage, baseDomain: string): string {
  const url = req.url ?? '/';
  const host = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
  const suffix = `.${baseDomain.toLowerCase()}`;
  if (!host.endsWith(suffix)) return url;
  const match = /^([a-z0-9-]{1,63})\.(auth|rest|soap)$/.exec(host.slice(0, -suffix.length));
  if (!match) return url;
  if (url.startsWith('/.well-known/oauth-authorization-server') && match[2] === 'auth') {
    return `/${match[1]}/auth${url}`;
  }
  return `/${match[1]}/${match[2]}${url.startsWith('/') ? url : `/${url}`}`;
}
