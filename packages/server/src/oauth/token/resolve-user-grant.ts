import type { AppContext } from '../../app-context.js';
import { InvalidGrant } from '../../errors/oauth-errors.js';
import type { ClientEntry, TenantEntry } from '../../setup/directory/client-directory.js';
import { narrowGrantedScopes } from '../../setup/scopes/narrow-granted-scopes.js';
import { intersectScopes } from '../../setup/scopes/narrow-scopes.js';
import { OFFLINE_SCOPE } from '../../setup/users/user-access.js';
import type { TokenFamily } from '../../storage/user-records.js';
import type { OAuthParameters } from '../parse-parameters.js';
import { parseAccountId } from './resolve-business-unit.js';

/**
 * What a new user token may carry now: the user must still exist, hold the app's licence and
 * be a member of the BU (`account_id` may switch to another of the user's BUs, sfmc-auth.md
 * §4.1); scope = original grant ∩ the integration's scopes today ∩ the user's permissions in
 * that BU, narrowed by `scope` (which may not exceed the original grant).
 */
export async function resolveUserGrant(
  ctx: Pick<AppContext, 'store'>,
  input: {
    family: TokenFamily;
    client: ClientEntry;
    tenant: TenantEntry;
    boundMid: number;
    params: OAuthParameters;
  },
): Promise<{ mid: number; scopes: string[] }> {
  const { family, client, tenant, params } = input;
  const mid = parseAccountId(params.account_id) ?? input.boundMid;
  const user = await ctx.store.users.findUser(tenant.tenant.id, family.userId);
  if (!user) throw new InvalidGrant('The user of this grant no longer exists.');
  if (!(await ctx.store.users.isLicensed(client.integration.clientId, user.id))) {
    throw new InvalidGrant('The user no longer holds a licence for this app.');
  }
  const membership = user.businessUnits.find((m) => m.mid === mid);
  if (!membership) throw new InvalidGrant(`The user is not a member of business unit ${mid}.`);
  const requested = narrowGrantedScopes(params.scope, family.scopes);
  const scopes = intersectScopes(requested, client.integration.scopes, [
    ...membership.permissions,
    OFFLINE_SCOPE,
  ]);
  return { mid, scopes };
}
