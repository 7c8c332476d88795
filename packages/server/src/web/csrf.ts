import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../storage/store.js';

const KEY_NAME = 'login_csrf_key';

/**
 * CSRF tokens for the login and logout forms (signed double submit): the browser holds a random
 * binding value in an HttpOnly cookie, the form carries HMAC(key, binding). A cross-site page
 * can neither read the cookie nor compute the HMAC, so a forged post (login CSRF) fails.
 */
export class CsrfGuard {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    this.#key = key;
  }

  tokenFor(binding: string): string {
    return createHmac('sha256', this.#key).update(binding).digest('base64url');
  }

  isValid(binding: string | undefined, token: string | undefined): boolean {
    if (!binding || !token) return false;
    const expected = Buffer.from(this.tokenFor(binding));
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

/** The HMAC key is shared by every instance on one store: created once, then read. */
export async function loadCsrfGuard(store: Store): Promise<CsrfGuard> {
  await store.meta.setMetaOnce(KEY_NAME, randomBytes(32).toString('base64url'));
  const key = await store.meta.getMeta(KEY_NAME);
  if (key === undefined) throw new Error('CSRF key missing after creation');
  return new CsrfGuard(Buffer.from(key, 'base64url'));
}
