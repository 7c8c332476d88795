import { randomInt } from 'node:crypto';

export const LOWER_ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Uniformly random string over `alphabet` (rejection-free: `randomInt` is unbiased). */
export function randomString(length: number, alphabet: string): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** Tenant subdomain: 28 characters, `mc` + 26 of `[a-z0-9]` (PRODUCT.md §2). */
export function generateSubdomain(): string {
  return `mc${randomString(26, LOWER_ALPHANUMERIC)}`;
}

export function isSubdomain(value: string): boolean {
  return /^mc[a-z0-9]{26}$/.test(value);
}

/** Client id: 24 characters `[a-z0-9]`, like Marketing Cloud's. */
export function generateClientId(): string {
  return randomString(24, LOWER_ALPHANUMERIC);
}

export function isClientId(value: string): boolean {
  return /^[a-z0-9]{24}$/.test(value);
}

/** Largest account number Packgate generates: 8 digits keeps every token within 512 characters. */
export const MAX_ACCOUNT_NUMBER = 99_999_999;

/** An 8-digit account number (EID / MID) or user id, like Marketing Cloud's. */
export function generateAccountNumber(): number {
  return randomInt(10_000_000, MAX_ACCOUNT_NUMBER + 1);
}
