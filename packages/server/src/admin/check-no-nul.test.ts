import { describe, expect, it } from 'vitest';
import { BadRequest } from '../errors/admin-errors.js';
import { checkNoNulCharacter } from './check-no-nul.js';

describe('NUL characters in admin input', () => {
  it('accepts text without one, at any depth', () => {
    expect(() =>
      checkNoNulCharacter({ name: 'Orders', scopes: ['email_read'], n: 1, x: null }),
    ).not.toThrow();
  });

  it('names the field that holds one', () => {
    const cases: Array<[unknown, string]> = [
      [{ name: 'a\u0000b' }, 'name'],
      [{ businessUnits: [{ mid: 1, permissions: ['ok', 'x\u0000'] }] }, 'businessUnits[0].permissions[1]'],
      [{ 'bad\u0000key': 1 }, 'body'],
      ['\u0000', 'body'],
    ];
    for (const [input, field] of cases) {
      let caught: unknown;
      try {
        checkNoNulCharacter(input);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(BadRequest);
      expect((caught as BadRequest).field).toBe(field);
      expect((caught as BadRequest).message).toBe(`${field}: must not contain a NUL character`);
    }
  });
});
