/**
 * Whether an auth base URI has a tenant's own shape: Marketing Cloud's `{subdomain}.auth.…` host,
 * Packgate's host mode `{subdomain}.auth.…` or its path mode `…/{subdomain}/auth/`. A host of that
 * shape that does not answer is the right server in trouble; any other is likely the wrong domain.
 *
 * @example
 * ```ts
 * isTenantShapedAuthBaseUri('http://127.0.0.1:8787/mcabc/auth/'); // true
 * isTenantShapedAuthBaseUri('https://auth.example.com/'); // false
 * ```
 */
export function isTenantShapedAuthBaseUri(authBaseUri: string): boolean {
  let url: URL;
  try {
    url = new URL(authBaseUri);
  } catch {
    return false;
  }
  return /^[a-z0-9-]{3,63}\.auth\./i.test(url.hostname) || /\/[^/]+\/auth\/?$/.test(url.pathname);
}
