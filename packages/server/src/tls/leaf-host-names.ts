/** The three host kinds of a tenant (PRODUCT.md §3, host mode). */
export const HOST_KINDS = ['auth', 'rest', 'soap'] as const;

/**
 * DNS names the leaf certificate covers in host mode: `*.auth.{domain}`, `*.rest.{domain}`,
 * `*.soap.{domain}` (one wildcard label is every tenant's subdomain, RFC 6125 §6.4.3), the bare
 * names, and `localhost` so that a client on the machine can reach the server by that name too.
 */
export function leafHostNames(baseDomain: string): string[] {
  const domain = baseDomain.toLowerCase();
  return [...HOST_KINDS.flatMap((kind) => [`*.${kind}.${domain}`, `${kind}.${domain}`]), domain, 'localhost'];
}

/** IP addresses the leaf covers (loopback, for `https://127.0.0.1:{port}/healthz`). */
export const LEAF_IP_ADDRESSES: readonly string[] = ['127.0.0.1'];
