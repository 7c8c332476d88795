import { describe, expect, it } from 'vitest';
import { hashPassword, isPasswordValid, UNKNOWN_USER_HASH } from './password-hash.js';

describe('password hashing (scrypt, per-user salt)', () => {
  it('accepts the password it hashed and refuses another', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(stored).not.toContain('correct horse');
    expect(await isPasswordValid('correct horse battery', stored)).toBe(true);
    expect(await isPasswordValid('correct horse batterY', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('refuses malformed hashes and the unknown-user placeholder', async () => {
    expect(await isPasswordValid('x', 'plain')).toBe(false);
    expect(await isPasswordValid('x', 'bcrypt$1$2$3$a$b')).toBe(false);
    expect(await isPasswordValid('', UNKNOWN_USER_HASH)).toBe(false);
  });
});
