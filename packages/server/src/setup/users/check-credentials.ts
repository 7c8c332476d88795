import type { Store } from '../../storage/store.js';
import type { User } from '../../storage/user-records.js';
import { isPasswordValid, UNKNOWN_USER_HASH } from './password-hash.js';
import { isPossibleUsername } from './username.js';

/**
 * The user, when the password is right (the login page and the Setup UI sign-in); the same work
 * is done for an unknown username, so timing tells nothing about which usernames exist.
 */
export async function checkCredentials(
  store: Store,
  tenantId: string,
  username: string,
  password: string,
): Promise<User | undefined> {
  const found = isPossibleUsername(username)
    ? await store.users.findUserCredentials(tenantId, username)
    : undefined;
  const valid = await isPasswordValid(password.slice(0, 200), found?.passwordHash ?? UNKNOWN_USER_HASH);
  return valid && found ? found.user : undefined;
}
