import { describe, expect, it } from 'vitest';
import { parseFaultRule } from './fault-rule.js';
import { compileFaultRule, drawUnit, firesAt, globToRegExp, matchesFaultRule } from './match-fault-rule.js';

const rule = (input: unknown) => compileFaultRule(parseFaultRule(input, () => 7));

describe('fault rule matching', () => {
  it('globs: * stays within a segment, ** crosses segments, the rest is literal', () => {
    expect(globToRegExp('/data/*/rows').test('/data/v1/rows')).toBe(true);
    expect(globToRegExp('/data/*/rows').test('/data/v1/x/rows')).toBe(false);
    expect(globToRegExp('/data/**').test('/data/v1/x/rows')).toBe(true);
    expect(globToRegExp('/a.b').test('/axb')).toBe(false);
    expect(globToRegExp('/platform/v1/(x)').test('/platform/v1/(x)')).toBe(true);
  });

  it('route, client id, method, action and path must all agree', () => {
    const r = rule({
      route: 'rest',
      path: '/platform/**',
      method: 'GET',
      clientId: 'c1',
      effect: { type: 'drop' },
    });
    const req = { route: 'rest' as const, method: 'GET', path: '/platform/v1/tokenContext', clientId: 'c1' };
    expect(matchesFaultRule(r, req)).toBe(true);
    expect(matchesFaultRule(r, { ...req, clientId: 'c2' })).toBe(false);
    expect(matchesFaultRule(r, { ...req, method: 'POST' })).toBe(false);
    expect(matchesFaultRule(r, { ...req, path: '/data/v1' })).toBe(false);
    expect(matchesFaultRule(r, { ...req, route: 'soap' })).toBe(false);
    const s = rule({ route: 'soap', action: 'Retrieve', effect: { type: 'token_expired' } });
    expect(matchesFaultRule(s, { route: 'soap', method: 'POST', action: 'Retrieve', clientId: 'x' })).toBe(
      true,
    );
    expect(matchesFaultRule(s, { route: 'soap', method: 'POST', action: 'Create', clientId: 'x' })).toBe(
      false,
    );
  });

  it('triggers: always, the nth only, the next N, a seeded probability', () => {
    expect([1, 2, 3].map((n) => firesAt({ type: 'always' }, n))).toEqual([true, true, true]);
    expect([1, 2, 3].map((n) => firesAt({ type: 'nth', n: 2 }, n))).toEqual([false, true, false]);
    expect([1, 2, 3].map((n) => firesAt({ type: 'next', count: 2 }, n))).toEqual([true, true, false]);
    const draws = Array.from({ length: 10_000 }, (_, i) => drawUnit(1234, i + 1));
    expect(draws.every((d) => d >= 0 && d < 1)).toBe(true);
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
    expect(drawUnit(1234, 5)).toBe(drawUnit(1234, 5));
    expect(drawUnit(1234, 5)).not.toBe(drawUnit(1235, 5));
    const fired = Array.from({ length: 1000 }, (_, i) =>
      firesAt({ type: 'probability', p: 0.1, seed: 9 }, i + 1),
    );
    expect(fired.filter(Boolean).length).toBeGreaterThan(60);
    expect(fired.filter(Boolean).length).toBeLessThan(140);
  });

  it('parse: defaults the trigger to always and gives a seedless probability a seed', () => {
    expect(parseFaultRule({ route: 'token', effect: { type: 'drop' } }, () => 1).trigger).toEqual({
      type: 'always',
    });
    expect(
      parseFaultRule(
        { route: 'token', effect: { type: 'drop' }, trigger: { type: 'probability', p: 0.5 } },
        () => 77,
      ).trigger,
    ).toEqual({ type: 'probability', p: 0.5, seed: 77 });
  });

  it('parse: names the field of what is wrong', () => {
    expect(() => parseFaultRule({ route: 'token', effect: { type: 'token_expired' } }, () => 1)).toThrow(
      'effect.type: token_expired applies to the rest and soap routes only',
    );
    expect(() => parseFaultRule(null, () => 1)).toThrow('rule: must be an object');
    expect(() => parseFaultRule({ route: 'rest', effect: { type: 'drop' }, x: 1 }, () => 1)).toThrow(
      /^x: unknown property/,
    );
  });
});
