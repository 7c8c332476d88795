import { randomBytes } from 'node:crypto';
import { hashSecret } from '../setup/secrets/secret-format.js';

/**
 * Authorization codes, refresh tokens and login-session ids: 256 random bits as 43 base64url
 * characters (well under Marketing Cloud's 512-character maximum). High entropy, so SHA-256
 * is enough to store them; a lookup by hash is the comparison.
 */
export function generateOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The only form in which an opaque token is stored: hex SHA-256. */
export function opaqueTokenHash(token: string): string {
  return hashSecret(token).toString('hex');
}

/** Anything longer than this cannot be one of ours: refused before hashing. */
export const MAX_OPAQUE_TOKEN_LENGTH = 512;
