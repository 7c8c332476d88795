import { InvalidScope } from '../../errors/oauth-errors.js';
import { isKnownScope, sortScopes } from './scope-catalogue.js';

/**
 * PRODUCT.md §4: `scope` omitted → every scope the integration holds; `""` → no scopes;
 * a subset → that subset; anything the integration does not hold → `invalid_scope`.
 * Returns the granted scopes in catalogue order.
 */
export function narrowScopes(requested: string | undefined, allowed: readonly string[]): readonly string[] {
  // Integrations store their scopes in catalogue order already.
  if (requested === undefined) return allowed;
  const wanted = parseScopeParameter(requested);
  const allowedSet = new Set(allowed);
  const refused = wanted.filter((id) => !allowedSet.has(id));
  if (refused.length > 0) {
    const unknown = refused.filter((id) => !isKnownScope(id));
    throw new InvalidScope(
      unknown.length > 0
        ? `Unknown scope: ${describeUnknownScopes(unknown)}. Scopes are the ids listed in Installed Packages.`
        : `The integration does not have the scope(s): ${refused.join(' ')}. Add them to the API Integration first.`,
    );
  }
  return sortScopes(wanted);
}

/** What a scope id can look like; anything else is not echoed (STYLE.md: no secret in an error). */
const SCOPE_LIKE = /^[a-z][a-z0-9_]{0,63}$/;
const MAX_ECHOED = 5;

/**
 * Names the unknown ids a client sent, but only those shaped like scope ids and only a few:
 * a pasted client secret or a long blob in `scope` must not come back in the error.
 */
export function describeUnknownScopes(unknown: readonly string[]): string {
  const shown = unknown.filter((id) => SCOPE_LIKE.test(id)).slice(0, MAX_ECHOED);
  const others = unknown.length - shown.length;
  const rest =
    others === 0
      ? ''
      : `${others} value${others === 1 ? '' : 's'} that ${others === 1 ? 'is' : 'are'} not shown`;
  return [shown.join(' '), rest].filter(Boolean).join(' and ');
}

/** Splits a space-separated `scope` parameter (RFC 6749 §3.3), ignoring repeated spaces. */
export function parseScopeParameter(value: string): string[] {
  return value.split(' ').filter((part) => part.length > 0);
}

/** Scopes present in every one of the given sets, in catalogue order. */
export function intersectScopes(
  first: readonly string[],
  ...others: ReadonlyArray<readonly string[]>
): string[] {
  const sets = others.map((o) => new Set(o));
  return sortScopes(first.filter((id) => sets.every((s) => s.has(id))));
}
