import { isIPv6 } from 'node:net';

/**
 * The budget key of a client address: IPv4 as is (also when IPv4-mapped, `::ffff:192.0.2.1`), IPv6
 * by its /64 — the smallest block a host is usually given, so a single attacker cannot spend a
 * fresh budget per address of its own prefix.
 */
export function sourceAddressKey(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1] as string;
  if (!isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

/** The eight hextets of an IPv6 address, without leading zeros (`2001:db8::1` → 2001,db8,0,…,1). */
function expandIPv6(address: string): string[] {
  const withoutZone = address.split('%')[0] as string;
  const [head, tail] = withoutZone.split('::') as [string, string | undefined];
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((h) =>
    /^[0-9a-f]+$/i.test(h) ? Number.parseInt(h, 16).toString(16) : h,
  );
}
