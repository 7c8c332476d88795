/**
 * A key with a NUL character names nothing: no id, subdomain or name contains one, and
 * PostgreSQL refuses it in a text parameter (a driver error, i.e. a 500, for what is only an
 * unknown client, tenant or user). Lookups answer "not found" without asking the store.
 */
export function namesNothing(key: string): boolean {
  return key.includes('\u0000');
}
