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
