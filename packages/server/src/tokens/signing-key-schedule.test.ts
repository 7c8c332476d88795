import { describe, expect, it } from 'vitest';
import { isRotationDue, keyScheduleAt, type ScheduledKey } from './signing-key-schedule.js';

const rules = { tokenLifetimeMs: 1_200_000, propagationMs: 300_000 };
const key = (generation: number, createdAt: number, activatesAt: number): ScheduledKey => ({
  kid: `k${generation}`,
  generation,
  createdAt,
  activatesAt,
});

describe('keyScheduleAt', () => {
  const one = key(1, 0, 0);
  const two = key(2, 1_000_000, 1_300_000); // published at 1 000 000, signs from 1 300 000

  it('one key signs and is the whole JWKS', () => {
    const s = keyScheduleAt([one], 5, rules);
    expect(s.signing).toBe(one);
    expect(s.published).toEqual([one]);
    expect(s.next).toBeUndefined();
    expect(s.validUntil).toBe(Number.POSITIVE_INFINITY);
  });

  it('a next key is published before it signs; the schedule says when it takes over', () => {
    const s = keyScheduleAt([two, one], 1_299_999, rules);
    expect(s.signing.kid).toBe('k1');
    expect(s.next?.kid).toBe('k2');
    expect(s.published.map((k) => k.kid)).toEqual(['k1', 'k2']);
    expect(s.validUntil).toBe(1_300_000);
    expect(s.timeline.map((t) => t.status)).toEqual(['signing', 'next']);
  });

  it('the replaced key verifies for one token lifetime plus one propagation period, then retires', () => {
    const unpublishAt = 1_300_000 + 1_200_000 + 300_000;
    const at = (now: number) => keyScheduleAt([one, two], now, rules);
    expect(at(1_300_000).signing.kid).toBe('k2');
    expect(at(1_300_000).published.map((k) => k.kid)).toEqual(['k1', 'k2']);
    expect(at(1_300_000).timeline[0]).toMatchObject({
      status: 'retiring',
      supersededAt: 1_300_000,
      unpublishAt,
    });
    expect(at(1_300_000).validUntil).toBe(unpublishAt);
    expect(at(unpublishAt - 1).published).toHaveLength(2);
    expect(at(unpublishAt).published.map((k) => k.kid)).toEqual(['k2']);
    expect(at(unpublishAt).retired.map((k) => k.kid)).toEqual(['k1']);
    expect(at(unpublishAt).validUntil).toBe(Number.POSITIVE_INFINITY);
  });

  it('a key whose start lies ahead on this clock (skew) still leaves the oldest signing', () => {
    expect(keyScheduleAt([key(1, 10, 10)], 0, rules).signing.kid).toBe('k1');
  });

  it('refuses an empty key list', () => {
    expect(() => keyScheduleAt([], 0, rules)).toThrow('no signing key');
  });
});

describe('isRotationDue', () => {
  const day = 86_400_000;
  const one = key(1, 0, 0);
  it('is due one propagation period before the rotation period ends', () => {
    const at = (now: number) => isRotationDue(keyScheduleAt([one], now, rules), now, 90 * day, 300_000);
    expect(at(90 * day - 300_001)).toBe(false);
    expect(at(90 * day - 300_000)).toBe(true);
  });
  it('is not due while a next key waits, nor ever with rotation off (0 days)', () => {
    const two = key(2, 90 * day - 300_000, 90 * day);
    expect(
      isRotationDue(keyScheduleAt([one, two], 90 * day - 1, rules), 90 * day - 1, 90 * day, 300_000),
    ).toBe(false);
    expect(isRotationDue(keyScheduleAt([one], 1e15, rules), 1e15, 0, 0)).toBe(false);
  });
  it('counts from when the signing key started signing', () => {
    const two = key(2, 10 * day, 10 * day + 300_000);
    const now = 100 * day;
    expect(isRotationDue(keyScheduleAt([one, two], now, rules), now, 90 * day, 300_000)).toBe(true);
    expect(isRotationDue(keyScheduleAt([one, two], 99 * day, rules), 99 * day, 90 * day, 300_000)).toBe(
      false,
    );
  });
});
