import { isStorableText } from './storable-text.js';

/**
 * A key that is not storable text (a NUL, an unpaired surrogate) names nothing: no id,
 * subdomain or name contains one, and PostgreSQL refuses a NUL in a text parameter (a driver
 * error, i.e. a 500, for what is only an unknown client, tenant or user). Lookups answer
 * "not found" without asking the store.
 */
export function namesNothing(key: string): boolean {
  return !isStorableText(key);
}
