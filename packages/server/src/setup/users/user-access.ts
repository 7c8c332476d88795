import { AccessDenied } from '../../errors/oauth-errors.js';
import type { BusinessUnitMembership, User } from '../../storage/user-records.js';
import { intersectScopes } from '../scopes/narrow-scopes.js';

/** `offline` belongs to the app (keep tokens after logout), not to the user's permissions. */
export const OFFLINE_SCOPE = 'offline';

/**
 * PRODUCT.md §4: a user token's scope = requested ∩ integration scopes ∩ the user's permissions
 * in the chosen BU. `appScopes` is already requested ∩ integration (narrowScopes); `offline`
 * passes through when the app was granted it. Catalogue order.
 */
export function grantUserScopes(appScopes: readonly string[], membership: BusinessUnitMembership): string[] {
  return intersectScopes(appScopes, [...membership.permissions, OFFLINE_SCOPE]);
}

/**
 * A request for permissions the user holds none of (in that BU) cannot be granted: answering
 * with an empty token would only fail later at the API, so the user is told at once.
 */
export function checkUserHoldsRequestedScope(appScopes: readonly string[], granted: readonly string[]): void {
  const wanted = appScopes.filter((s) => s !== OFFLINE_SCOPE);
  if (wanted.length > 0 && granted.every((s) => s === OFFLINE_SCOPE)) {
    throw new AccessDenied(
      'The user has none of the requested permissions in this business unit: ask an administrator to grant them.',
    );
  }
}

export type BusinessUnitDecision =
  | { readonly kind: 'chosen'; readonly membership: BusinessUnitMembership }
  | { readonly kind: 'choose'; readonly memberships: readonly BusinessUnitMembership[] };

/**
 * Which BU the token is for: `account_id` on the authorize request (or the user's pick on the
 * chooser) must be one of the user's BUs; a user in exactly one BU needs no choice.
 */
export function resolveUserBusinessUnit(user: User, requestedMid: number | undefined): BusinessUnitDecision {
  if (requestedMid !== undefined) {
    const membership = user.businessUnits.find((m) => m.mid === requestedMid);
    if (!membership) {
      throw new AccessDenied(`The user is not a member of business unit ${requestedMid}.`);
    }
    return { kind: 'chosen', membership };
  }
  const [only, ...others] = user.businessUnits;
  if (!only) throw new AccessDenied('The user is not a member of any business unit.');
  if (others.length === 0) return { kind: 'chosen', membership: only };
  return { kind: 'choose', memberships: user.businessUnits };
}
