import { describe, expect, it } from 'vitest';
import { secondsToWindowEnd, WINDOW_MS, windowStart } from './fixed-window.js';

const MINUTE = Date.UTC(2026, 10, 25, 12, 0, 0);

describe('fixed one-minute windows', () => {
  it('start on the minute of the app clock', () => {
    expect(WINDOW_MS).toBe(60_000);
    expect(windowStart(MINUTE)).toBe(MINUTE);
    expect(windowStart(MINUTE + 59_999)).toBe(MINUTE);
    expect(windowStart(MINUTE + 60_000)).toBe(MINUTE + 60_000);
  });

  it('Retry-After is the whole seconds to the window end, at least 1', () => {
    expect(secondsToWindowEnd(MINUTE)).toBe(60);
    expect(secondsToWindowEnd(MINUTE + 15_000)).toBe(45);
    expect(secondsToWindowEnd(MINUTE + 30_500)).toBe(30);
    expect(secondsToWindowEnd(MINUTE + 59_001)).toBe(1);
    expect(secondsToWindowEnd(MINUTE + 59_999)).toBe(1);
  });
});
