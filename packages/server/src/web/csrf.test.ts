import { describe, expect, it } from 'vitest';
import { CsrfGuard } from './csrf.js';

describe('login CSRF token (signed double submit)', () => {
  const guard = new CsrfGuard(Buffer.alloc(32, 7));

  it('accepts the token made for the same binding', () => {
    expect(guard.isValid('binding-a', guard.tokenFor('binding-a'))).toBe(true);
  });

  it('refuses another binding, another key, and missing values', () => {
    const token = guard.tokenFor('binding-a');
    expect(guard.isValid('binding-b', token)).toBe(false);
    expect(new CsrfGuard(Buffer.alloc(32, 8)).isValid('binding-a', token)).toBe(false);
    expect(guard.isValid(undefined, token)).toBe(false);
    expect(guard.isValid('binding-a', undefined)).toBe(false);
    expect(guard.isValid('binding-a', `${token}x`)).toBe(false);
  });
});
