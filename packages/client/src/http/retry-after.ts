/**
 * Parses a `Retry-After` header (delta seconds or HTTP date) into milliseconds from `now`;
 * `undefined` when absent or unparseable. Negative delays become 0.
 *
 * @example
 * ```ts
 * parseRetryAfter('5', Date.now()); // 5000
 * ```
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
