import { createHash } from 'node:crypto';
import type { RateLimiter, Reservation } from '../rate-limits/rate-limiter.js';
import { UNCOUNTED } from '../rate-limits/rate-limiter.js';
import { sourceAddressKey } from '../rate-limits/source-address-key.js';

/** Why a sign-in was refused before its password was checked. */
export type LoginRefusal = 'username' | 'address';

export type LoginAttempt =
  | { readonly refused: LoginRefusal; readonly retryAfterSeconds: number }
  | {
      readonly refused: undefined;
      /** The password was right: the attempt is given back to both budgets. */
      succeeded(): Promise<void>;
    };

/**
 * Slows password guessing on the login form with two budgets of failed sign-ins per one-minute
 * window (app clock): per tenant and username (the target of a guesser), and per source address
 * (a guesser spraying many usernames). When one is spent every sign-in it covers is refused until
 * the window ends — even with the right password, or guessing would just continue.
 *
 * Each attempt is counted *before* its password is checked and given back when it succeeds, so
 * concurrent guesses cannot all pass a check made before any of them failed. Counters are those of
 * rate-limits/ (bounded memory, or Redis shared by every instance).
 */
export class LoginThrottle {
  readonly #username: RateLimiter;
  readonly #address: RateLimiter | undefined;

  constructor(limits: {
    readonly loginUsername: RateLimiter;
    readonly loginAddress: RateLimiter | undefined;
  }) {
    this.#username = limits.loginUsername;
    this.#address = limits.loginAddress;
  }

  async attempt(tenantId: string, username: string, sourceAddress: string): Promise<LoginAttempt> {
    const user = await this.#username.reserve(usernameKey(tenantId, username));
    if (user.retryAfterSeconds > 0) return { refused: 'username', retryAfterSeconds: user.retryAfterSeconds };
    const address: Reservation = this.#address
      ? await this.#address.reserve(sourceAddressKey(sourceAddress))
      : UNCOUNTED;
    if (address.retryAfterSeconds > 0) {
      // Refused for its address, this attempt checked no password: not a failure of the username.
      await user.release();
      return { refused: 'address', retryAfterSeconds: address.retryAfterSeconds };
    }
    return {
      refused: undefined,
      succeeded: async () => {
        await Promise.all([user.release(), address.release()]);
      },
    };
  }
}

/**
 * A digest, not the name: what was typed as a username is sometimes a password, and it must not
 * sit in Redis. Case-insensitive like usernames; no user has a longer name than 100 characters
 * (isPossibleUsername), so anything longer counts as its first 101.
 */
export function usernameKey(tenantId: string, username: string): string {
  return createHash('sha256')
    .update(`${tenantId}\u0000${username.slice(0, 101).toLowerCase()}`)
    .digest('base64url')
    .slice(0, 22);
}
