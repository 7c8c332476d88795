import { BadRequest } from '../../errors/admin-errors.js';

export const MAX_REDIRECT_URIS = 10;

/**
 * Redirect URIs of web and public apps (PRODUCT.md §2, sfmc-auth.md §3): 1–10 absolute URIs,
 * matched exactly, https or a native-app scheme (http only for loopback hosts), no wildcards,
 * no fragment.
 */
export function checkRedirectUris(uris: readonly string[]): string[] {
  if (uris.length < 1 || uris.length > MAX_REDIRECT_URIS) {
    throw new BadRequest(`redirectUris: a web or public app needs 1 to ${MAX_REDIRECT_URIS} redirect URIs.`, {
      field: 'redirectUris',
    });
  }
  uris.forEach((uri, i) => {
    const field = `redirectUris.${i}`;
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      throw new BadRequest(`${field}: not an absolute URI.`, { field });
    }
    if (uri.includes('*')) throw new BadRequest(`${field}: wildcards are not allowed.`, { field });
    if (url.hash !== '' || uri.includes('#'))
      throw new BadRequest(`${field}: must not contain a fragment.`, { field });
    if (url.protocol === 'http:' && !['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname)) {
      throw new BadRequest(`${field}: http is only allowed for loopback; use https.`, { field });
    }
    if (['javascript:', 'data:', 'file:', 'vbscript:'].includes(url.protocol)) {
      throw new BadRequest(`${field}: scheme ${url.protocol} is not allowed.`, { field });
    }
  });
  if (new Set(uris).size !== uris.length) {
    throw new BadRequest('redirectUris: duplicates are not allowed.', { field: 'redirectUris' });
  }
  return [...uris];
}
