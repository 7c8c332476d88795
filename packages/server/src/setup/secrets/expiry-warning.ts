import type { ClientSecretRecord } from '../../storage/records.js';

/** Days before expiry at which Packgate warns (issue 14), largest first. */
export const EXPIRY_WARNING_DAYS = [30, 14, 7, 1] as const;

export type ExpiryWarning = '30d' | '14d' | '7d' | '1d' | 'expired';

const DAY_MS = 86_400_000;

/**
 * The tightest warning threshold a secret expiring at `expiresAt` is inside at `now`, or null
 * when it is more than 30 days away. At the exact expiry instant the secret is expired (the
 * token endpoint refuses it from that millisecond on).
 */
export function expiryWarning(expiresAt: number, now: number): ExpiryWarning | null {
  const left = expiresAt - now;
  if (left <= 0) return 'expired';
  for (const days of [...EXPIRY_WARNING_DAYS].reverse()) {
    if (left <= days * DAY_MS) return `${days}d` as ExpiryWarning;
  }
  return null;
}

/** Whole days left, rounded down (0 on the last day; negative once expired). */
export function daysLeft(expiresAt: number, now: number): number {
  return Math.floor((expiresAt - now) / DAY_MS);
}

/** The secret that decides the integration's expiry: the active one (else the staged one). */
export function currentSecret(secrets: readonly ClientSecretRecord[]): ClientSecretRecord | undefined {
  return secrets.find((s) => s.state === 'active') ?? secrets.find((s) => s.state === 'staged');
}
