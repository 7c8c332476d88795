import { Type } from 'typebox';
import { SCOPE_CATALOGUE } from '../../scopes/scope-catalogue.js';

/** EIDs, MIDs and user ids: at most 8 digits, as Packgate generates them (tokens stay within 512 characters). */
export function accountNumber(description: string) {
  return Type.Integer({
    minimum: 1,
    maximum: 99_999_999,
    description: `${description} A whole number 1–99999999.`,
  });
}

export const AccountNumber = accountNumber('An account number (EID or MID).');

/** Every scope id of the catalogue (sfmc-auth.md §7). */
export const ScopeId = Type.Enum(
  SCOPE_CATALOGUE.map((s) => s.id),
  { description: 'A scope id of the catalogue (docs/reference/tokens.md).' },
);

/** Names as the admin API takes them. */
export const DisplayName = Type.String({ minLength: 1, maxLength: 200 });
