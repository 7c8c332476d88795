/** Usernames: 1–100 characters, no control character, no leading or trailing whitespace. */
export const USERNAME_MAX_LENGTH = 100;
export const USERNAME_PATTERN = '^[^\\s\\x00-\\x1f\\x7f](?:[^\\x00-\\x1f\\x7f]*[^\\s\\x00-\\x1f\\x7f])?$';

const USERNAME = new RegExp(USERNAME_PATTERN);

/**
 * Whether a user could have this name. The login form looks up nothing else: such a user cannot
 * exist, and PostgreSQL refuses a NUL in a text parameter (a driver error, not an answer).
 */
export function isPossibleUsername(username: string): boolean {
  return username.length <= USERNAME_MAX_LENGTH && USERNAME.test(username);
}
