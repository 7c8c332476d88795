import { describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from './memory-rate-limiter.js';

function clockAt(start: number) {
  let now = start;
  return { now: () => now, set: (ms: number) => (now = ms) };
}

const MINUTE = Date.UTC(2026, 10, 25, 12, 0, 0);

describe('in-memory rate limiter (fixed windows per key)', () => {
  it('allows the limit, then answers the seconds to the window end', () => {
    const clock = clockAt(MINUTE + 20_000);
    const limiter = new MemoryRateLimiter(3, clock);
    expect([limiter.consume('a'), limiter.consume('a'), limiter.consume('a')]).toEqual([0, 0, 0]);
    expect(limiter.consume('a')).toBe(40);
    clock.set(MINUTE + 59_500);
    expect(limiter.consume('a')).toBe(1);
  });

  it('counts each key on its own', () => {
    const limiter = new MemoryRateLimiter(1, clockAt(MINUTE));
    expect(limiter.consume('a')).toBe(0);
    expect(limiter.consume('a')).toBe(60);
    expect(limiter.consume('b')).toBe(0);
  });

  it('starts a fresh budget in the next window', () => {
    const clock = clockAt(MINUTE + 59_000);
    const limiter = new MemoryRateLimiter(1, clock);
    expect(limiter.consume('a')).toBe(0);
    expect(limiter.consume('a')).toBe(1);
    clock.set(MINUTE + 60_000);
    expect(limiter.consume('a')).toBe(0);
    expect(limiter.consume('a')).toBe(60);
  });

  it('answers synchronously (the token endpoint must not wait a tick)', () => {
    const limiter = new MemoryRateLimiter(1, clockAt(MINUTE));
    expect(typeof limiter.consume('a')).toBe('number');
  });
});

describe('in-memory failure budgets (reserve before the outcome, release on success)', () => {
  it('refuses the attempt past the limit, with its place in the window', () => {
    const limiter = new MemoryRateLimiter(2, clockAt(MINUTE + 15_000));
    const first = limiter.reserve('ip');
    expect([first.count, first.retryAfterSeconds]).toEqual([1, 0]);
    expect(limiter.reserve('ip').count).toBe(2);
    const refused = limiter.reserve('ip');
    expect([refused.count, refused.retryAfterSeconds]).toEqual([3, 45]);
  });

  it('a released attempt (a success) does not count; releasing twice gives back one', () => {
    const limiter = new MemoryRateLimiter(2, clockAt(MINUTE));
    const ok = limiter.reserve('ip');
    ok.release();
    ok.release();
    limiter.reserve('ip');
    limiter.reserve('ip');
    expect(limiter.reserve('ip').retryAfterSeconds).toBe(60);
  });

  it('once a window has refused an attempt, releases no longer give budget back', () => {
    const limiter = new MemoryRateLimiter(1, clockAt(MINUTE));
    const inFlight = limiter.reserve('ip');
    expect(limiter.reserve('ip').retryAfterSeconds).toBe(60);
    inFlight.release();
    // Past limit + 1 for good: the first refusal (count limit + 1) happens once a window.
    expect(limiter.reserve('ip').count).toBe(3);
    expect(limiter.reserve('ip').count).toBe(3);
  });

  it('a release after the window ended touches the new window not at all', () => {
    const clock = clockAt(MINUTE + 59_000);
    const limiter = new MemoryRateLimiter(1, clock);
    const old = limiter.reserve('ip');
    clock.set(MINUTE + 60_000);
    expect(limiter.reserve('ip').count).toBe(1);
    old.release();
    expect(limiter.reserve('ip').retryAfterSeconds).toBe(60);
  });

  it('a flood of 10 000+ fresh keys does not clear a spent key (no global reset)', () => {
    const limiter = new MemoryRateLimiter(10, clockAt(MINUTE));
    for (let i = 0; i < 10; i++) limiter.reserve('target');
    for (let i = 0; i < 25_000; i++) limiter.reserve(`flood-${i}`);
    expect(limiter.reserve('target').retryAfterSeconds).toBe(60);
  });
});
