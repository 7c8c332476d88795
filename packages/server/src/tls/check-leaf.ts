import { X509Certificate } from 'node:crypto';

/** A leaf is issued again this long before it expires. */
export const LEAF_RENEW_BEFORE_DAYS = 30;

/**
 * Why the stored leaf certificate cannot be served any more, or undefined when it can: it must
 * be signed by the current CA, cover exactly the wanted names (the base domain may have changed)
 * and have more than {@link LEAF_RENEW_BEFORE_DAYS} left.
 */
export function leafReplacementReason(
  leafPem: string,
  caPem: string,
  hostNames: readonly string[],
  ipAddresses: readonly string[],
  nowMs: number,
): string | undefined {
  let leaf: X509Certificate;
  let ca: X509Certificate;
  try {
    leaf = new X509Certificate(leafPem);
    ca = new X509Certificate(caPem);
  } catch {
    return 'the stored certificate cannot be read';
  }
  if (!leaf.checkIssued(ca) || !leaf.verify(ca.publicKey)) return 'it was not issued by the current CA';
  const wanted = [...hostNames.map((n) => `DNS:${n}`), ...ipAddresses.map((a) => `IP Address:${a}`)];
  const have = (leaf.subjectAltName ?? '').split(', ').filter(Boolean);
  const normalize = (list: readonly string[]) => [...list].map((s) => s.toLowerCase()).sort();
  if (JSON.stringify(normalize(have)) !== JSON.stringify(normalize(wanted))) {
    return 'its host names differ from the base domain';
  }
  if (Date.parse(leaf.validFrom) > nowMs) return 'it is not valid yet';
  if (Date.parse(leaf.validTo) - nowMs <= LEAF_RENEW_BEFORE_DAYS * 86_400_000) return 'it expires soon';
  return undefined;
}
