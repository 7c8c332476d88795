import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.js';

const MINUTE = Date.UTC(2026, 10, 25, 12, 0, 0);

describe('login throttle (failed sign-ins per username per minute)', () => {
  it('refuses after the limit until the window ends, then counts afresh', () => {
    const throttle = new LoginThrottle(3);
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfterSeconds('ada', MINUTE + 10_000)).toBe(0);
      throttle.recordFailure('ada', MINUTE + 10_000);
    }
    expect(throttle.retryAfterSeconds('ada', MINUTE + 10_000)).toBe(50);
    expect(throttle.retryAfterSeconds('ada', MINUTE + 59_500)).toBe(1);
    expect(throttle.retryAfterSeconds('grace', MINUTE + 10_000)).toBe(0);
    expect(throttle.retryAfterSeconds('ada', MINUTE + 60_000)).toBe(0);
    throttle.recordFailure('ada', MINUTE + 60_000);
    expect(throttle.retryAfterSeconds('ada', MINUTE + 60_000)).toBe(0);
  });

  it('keeps its memory bounded under a flood of usernames', () => {
    const throttle = new LoginThrottle(1);
    for (let i = 0; i < 25_000; i++) throttle.recordFailure(`user-${i}`, MINUTE);
    throttle.recordFailure('last', MINUTE);
    expect(throttle.retryAfterSeconds('last', MINUTE)).toBe(60);
  });
});
