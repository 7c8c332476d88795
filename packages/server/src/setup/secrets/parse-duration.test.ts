import { describe, expect, it } from 'vitest';
import { BadRequest } from '../../errors/admin-errors.js';
import { parseDuration } from './parse-duration.js';

describe('durations for ?within= and grace (30d, 12h, 90m, 300s)', () => {
  it('reads days, hours, minutes, seconds and bare seconds', () => {
    expect(parseDuration('30d', 'within', 1e9)).toBe(2_592_000);
    expect(parseDuration('12h', 'within', 1e9)).toBe(43_200);
    expect(parseDuration('90m', 'within', 1e9)).toBe(5400);
    expect(parseDuration('300s', 'within', 1e9)).toBe(300);
    expect(parseDuration('300', 'within', 1e9)).toBe(300);
    expect(parseDuration('0d', 'grace', 1e9)).toBe(0);
  });
  it('refuses anything else with a 400 naming the field, and values above the maximum', () => {
    for (const bad of ['', 'soon', '30 days', '-1d', '1w', '1.5d', '30D', 'd']) {
      expect(() => parseDuration(bad, 'within', 1e9)).toThrow(BadRequest);
      try {
        parseDuration(bad, 'within', 1e9);
      } catch (err) {
        expect((err as BadRequest).field).toBe('within');
        expect((err as BadRequest).message).toBe(
          `within: "${bad}" is not a duration (use e.g. 30d, 12h, 90m or 300s).`,
        );
      }
    }
    expect(() => parseDuration('8d', 'grace', 7 * 86_400)).toThrow('grace: at most 7 days.');
    expect(parseDuration('7d', 'grace', 7 * 86_400)).toBe(604_800);
  });
});
