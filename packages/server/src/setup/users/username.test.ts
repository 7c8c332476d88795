import { describe, expect, it } from 'vitest';
import { isPossibleUsername } from './username.js';

describe('usernames a user could have (login lookup)', () => {
  it.each(['ada', 'Ada Lovelace', 'ada@example.test', 'é😀', 'x'.repeat(100)])('%s is looked up', (name) => {
    expect(isPossibleUsername(name)).toBe(true);
  });
  it.each(['', ' ada', 'ada ', 'ada\u0000', 'a\nb', '\u007f', 'x'.repeat(101)])('%j is not', (name) => {
    expect(isPossibleUsername(name)).toBe(false);
  });
});
