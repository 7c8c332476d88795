import { describe, expect, it } from 'vitest';
import { BadRequest } from '../errors/admin-errors.js';
import { checkStorableText } from './check-storable-text.js';

describe('text that is not storable in admin input', () => {
  it('accepts text without a NUL or an unpaired surrogate, at any depth', () => {
    expect(() =>
      checkStorableText({ name: 'Orders 😀', scopes: ['email_read'], n: 1, x: null }),
    ).not.toThrow();
  });

  it('names the field that holds one', () => {
    const cases: Array<[unknown, string, string]> = [
      [{ name: 'a\u0000b' }, 'name', 'a NUL character'],
      [
        { businessUnits: [{ mid: 1, permissions: ['ok', 'x\u0000'] }] },
        'businessUnits[0].permissions[1]',
        'a NUL character',
      ],
      [{ 'bad\u0000key': 1 }, 'body', 'a NUL character'],
      ['\u0000', 'body', 'a NUL character'],
      [{ name: 'a\ud800' }, 'name', 'an unpaired surrogate (text that is not UTF-8)'],
    ];
    for (const [input, field, problem] of cases) {
      let caught: unknown;
      try {
        checkStorableText(input);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(BadRequest);
      expect((caught as BadRequest).field).toBe(field);
      expect((caught as BadRequest).message).toBe(`${field}: must not contain ${problem}`);
    }
  });
});
