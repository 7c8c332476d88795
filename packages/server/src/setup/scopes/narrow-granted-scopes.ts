import { InvalidScope } from '../../errors/oauth-errors.js';
import { parseScopeParameter } from './narrow-scopes.js';
import { sortScopes } from './scope-catalogue.js';

/**
 * `scope` on a code exchange or refresh (RFC 6749 §6, PRODUCT.md §4): omitted → everything
 * originally granted; otherwise it may only narrow. A scope beyond the original grant is
 * `invalid_scope`, even when the integration holds it.
 */
export function narrowGrantedScopes(requested: string | undefined, granted: readonly string[]): string[] {
  if (requested === undefined) return sortScopes(granted);
  const wanted = parseScopeParameter(requested);
  const grantedSet = new Set(granted);
  const refused = wanted.filter((id) => !grantedSet.has(id));
  if (refused.length > 0) {
    throw new InvalidScope(
      `The requested scope exceeds the scope originally granted: ${refused.join(' ')}. Run the authorization again to ask for more.`,
    );
  }
  return sortScopes(wanted);
}
