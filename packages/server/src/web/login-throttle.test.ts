import { describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from '../rate-limits/memory-rate-limiter.js';
import { LoginThrottle, usernameKey } from './login-throttle.js';

const MINUTE = Date.UTC(2026, 10, 25, 12, 0, 0);

function setup(perUsername: number, perAddress: number | undefined) {
  let now = MINUTE + 10_000;
  const clock = { now: () => now };
  const throttle = new LoginThrottle({
    loginUsername: new MemoryRateLimiter(perUsername, clock),
    loginAddress: perAddress === undefined ? undefined : new MemoryRateLimiter(perAddress, clock),
  });
  return { throttle, setNow: (ms: number) => (now = ms) };
}

/** A sign-in whose password turns out wrong: the attempt stays counted. */
async function fail(throttle: LoginThrottle, username: string, address = '192.0.2.1') {
  return throttle.attempt('tenant', username, address);
}

describe('login throttle (failed sign-ins per username and per source address, per minute)', () => {
  it('refuses a username after the limit until the window ends, then counts afresh', async () => {
    const { throttle, setNow } = setup(3, undefined);
    for (let i = 0; i < 3; i++) expect((await fail(throttle, 'ada')).refused).toBeUndefined();
    expect(await fail(throttle, 'ADA')).toEqual({ refused: 'username', retryAfterSeconds: 50 });
    expect((await fail(throttle, 'grace')).refused).toBeUndefined();
    setNow(MINUTE + 60_000);
    expect((await fail(throttle, 'ada')).refused).toBeUndefined();
  });

  it('a success gives its attempt back: signing in often is not guessing', async () => {
    const { throttle } = setup(2, 2);
    for (let i = 0; i < 10; i++) {
      const attempt = await throttle.attempt('tenant', 'ada', '192.0.2.1');
      if (attempt.refused) throw new Error('refused');
      await attempt.succeeded();
    }
    expect((await fail(throttle, 'ada')).refused).toBeUndefined();
  });

  it('attempts are counted before the password check: concurrent guesses cannot all pass', async () => {
    const { throttle } = setup(10, undefined);
    const attempts = await Promise.all(Array.from({ length: 50 }, () => fail(throttle, 'ada')));
    expect(attempts.filter((a) => a.refused === undefined)).toHaveLength(10);
  });

  it('a flood of 10 000+ other usernames does not reset the target username', async () => {
    const { throttle } = setup(10, undefined);
    for (let i = 0; i < 10; i++) await fail(throttle, 'target');
    expect((await fail(throttle, 'target')).refused).toBe('username');
    for (let i = 0; i < 25_000; i++) await fail(throttle, `flood-${i}`, `198.51.${i >> 8}.${i & 255}`);
    expect(await fail(throttle, 'target')).toEqual({ refused: 'username', retryAfterSeconds: 50 });
  });

  it('an address that spent its budget is refused for every username; others are not', async () => {
    const { throttle } = setup(10, 3);
    for (let i = 0; i < 3; i++) expect((await fail(throttle, `user-${i}`)).refused).toBeUndefined();
    expect(await fail(throttle, 'someone-else')).toEqual({ refused: 'address', retryAfterSeconds: 50 });
    expect((await fail(throttle, 'someone-else', '192.0.2.2')).refused).toBeUndefined();
    // IPv6: one /64 is one budget.
    for (let i = 0; i < 3; i++) await fail(throttle, `v6-${i}`, `2001:db8:0:1::${i + 1}`);
    expect((await fail(throttle, 'v6', '2001:db8:0:1::ffff')).refused).toBe('address');
  });

  it('a refusal for the address does not spend the username budget', async () => {
    const { throttle } = setup(2, 1);
    await fail(throttle, 'first');
    for (let i = 0; i < 5; i++) expect((await fail(throttle, 'ada')).refused).toBe('address');
    expect((await fail(throttle, 'ada', '192.0.2.9')).refused).toBeUndefined();
  });
});

describe('login throttle key', () => {
  it('is a digest of tenant and lower-cased name: no username (or mistyped password) is stored', () => {
    const key = usernameKey('tenant', 'Ada');
    expect(key).toBe(usernameKey('tenant', 'ADA'));
    expect(key).not.toBe(usernameKey('other-tenant', 'ada'));
    expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(usernameKey('t', 'x'.repeat(101))).toBe(usernameKey('t', 'x'.repeat(5000)));
  });
});
