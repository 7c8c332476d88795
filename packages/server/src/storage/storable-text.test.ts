import { describe, expect, it } from 'vitest';
import { findUnstorableText, isStorableText, problemOfText } from './storable-text.js';

describe('storable text (one rule for every surface)', () => {
  it('refuses a NUL and an unpaired surrogate, accepts any well-formed text', () => {
    expect(isStorableText('Orders-1 äöü 😀 \u{10ffff}')).toBe(true);
    expect(isStorableText('')).toBe(true);
    expect(problemOfText('a\u0000')).toBe('a NUL character');
    for (const lone of ['\ud800', 'a\udfff', '\udc00\ud800', '😀'.slice(0, 1)]) {
      expect(problemOfText(lone), JSON.stringify(lone)).toBe(
        'an unpaired surrogate (text that is not UTF-8)',
      );
    }
  });

  it('finds the first offending string in document order, keys included', () => {
    expect(findUnstorableText({ a: ['ok', { b: 'x\u0000' }], c: '\u0000' })).toEqual({
      path: 'a[1].b',
      problem: 'a NUL character',
    });
    expect(findUnstorableText({ ok: { 'k\ud800': 1 } })?.path).toBe('ok');
    expect(findUnstorableText([1, null, true, 'fine'])).toBeUndefined();
  });

  it('walks 100 000 levels of nesting without overflowing the stack', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = i % 2 ? { a: deep } : [deep];
    expect(findUnstorableText(deep)?.problem).toBe('a NUL character');
    let clean: unknown = 1;
    for (let i = 0; i < 100_000; i++) clean = [clean];
    expect(findUnstorableText(clean)).toBeUndefined();
  });
});
