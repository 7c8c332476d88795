const TAGS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Which secret issued an access token, at no cost in length (decision 0008): the first of the
 * `jti`'s 12 base64url characters is the secret's ordinal modulo 64, the other 11 stay random
 * (66 bits). A client has at most three secrets that authenticate at once (active, staged, one
 * in grace), so within a revoked secret's issue window the tag names it exactly.
 */
export function secretTag(ordinal: number): string {
  return TAGS[ordinal % 64] as string;
}
