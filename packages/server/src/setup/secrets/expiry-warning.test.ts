import { describe, expect, it } from 'vitest';
import { daysLeft, expiryWarning } from './expiry-warning.js';

const DAY = 86_400_000;
const now = Date.UTC(2026, 8, 1);

describe('secret expiry warnings at 30, 14, 7 and 1 days', () => {
  it('names the tightest threshold the secret is inside', () => {
    expect(expiryWarning(now + 31 * DAY, now)).toBeNull();
    expect(expiryWarning(now + 30 * DAY, now)).toBe('30d');
    expect(expiryWarning(now + 14 * DAY + 1, now)).toBe('30d');
    expect(expiryWarning(now + 14 * DAY, now)).toBe('14d');
    expect(expiryWarning(now + 7 * DAY, now)).toBe('7d');
    expect(expiryWarning(now + DAY, now)).toBe('1d');
    expect(expiryWarning(now + 1, now)).toBe('1d');
  });
  it('the exact expiry millisecond is already expired', () => {
    expect(expiryWarning(now, now)).toBe('expired');
    expect(expiryWarning(now - 1, now)).toBe('expired');
  });
  it('counts whole days left, rounded down', () => {
    expect(daysLeft(now + 30 * DAY, now)).toBe(30);
    expect(daysLeft(now + DAY - 1, now)).toBe(0);
    expect(daysLeft(now - 1, now)).toBe(-1);
  });
});
