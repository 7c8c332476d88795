import { createHash } from 'node:crypto';

/** What identifies one cached token. */
export interface TokenCacheKeyParts {
  /** Dialect name (tokens of different dialects never mix). */
  dialect: string;
  /** Normalised auth base URI. */
  authBaseUri: string;
  /** Client id. */
  clientId: string;
  /** `account_id` (MID), if any. */
  accountId?: string | number | undefined;
  /** Requested scopes: `undefined` (all integration scopes) differs from `[]` (none). */
  scope?: readonly string[] | undefined;
}

/**
 * The cache key for a token: a SHA-256 over (dialect, auth base URI, client id, account_id, scope set).
 * Scope order and duplicates do not matter. Contains no secret.
 *
 * @example
 * ```ts
 * tokenCacheKey({ dialect: 'marketing-cloud:json', authBaseUri, clientId, accountId: 123, scope: ['b', 'a'] });
 * ```
 */
export function tokenCacheKey(parts: TokenCacheKeyParts): string {
  const scope = parts.scope === undefined ? null : [...new Set(parts.scope)].sort();
  const material = JSON.stringify([
    parts.dialect,
    parts.authBaseUri,
    parts.clientId,
    parts.accountId === undefined ? null : String(parts.accountId),
    scope,
  ]);
  return createHash('sha256').update(material).digest('hex').slice(0, 40);
}
