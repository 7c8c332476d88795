import { SCOPE_CATALOGUE, scopeIndex } from '../../setup/scopes/scope-catalogue.js';
import type { BaseUris } from '../../setup/tenants/base-uris.js';
import type { InstalledPackage, Integration, Tenant } from '../../storage/records.js';
import type { User } from '../../storage/user-records.js';
import type { AccessTokenClaims } from '../../tokens/access-token.js';

/** sfmc-auth.md §4.2: with `view=oidc`, `user.sub` is this URL followed by the user id. */
export const OIDC_USER_SUB_PREFIX = 'https://mc.auth.marketingcloudapis.com/uid/';

const UTC = { longName: '(GMT) Coordinated Universal Time', shortName: 'GMT+0', offset: 0, dst: false };

/** `email_read` → { objectTypeName: 'Email', operationName: 'Read' } from the catalogue. */
function permissionOf(scope: string) {
  const index = scopeIndex(scope);
  const definition = SCOPE_CATALOGUE[index];
  const verb = scope.slice(scope.lastIndexOf('_') + 1);
  const operationName = verb.charAt(0).toUpperCase() + verb.slice(1);
  return { objectTypeName: definition?.item ?? scope, operationName, name: operationName, id: index + 1 };
}

/**
 * `GET {auth}v2/userinfo` (sfmc-auth.md §4.2): nested `user`, `organization`, `rest`,
 * `application` and `permissions` objects. `permissions` lists what the user may do in the
 * token's BU (their permissions there, in catalogue order). The top-level `sub` is added so
 * that OpenID-style clients, which require it, accept the response.
 */
export function buildUserInfo(input: {
  claims: AccessTokenClaims;
  user: User;
  tenant: Tenant;
  baseUris: BaseUris;
  pkg: InstalledPackage | undefined;
  integration: Integration | undefined;
  /** `view=oidc`: `user.sub` in Marketing Cloud's OpenID form. */
  oidcView?: boolean;
}) {
  const { claims, user, tenant, baseUris, pkg, integration } = input;
  const membership = user.businessUnits.find((m) => m.mid === claims.mid);
  return {
    sub: String(user.id),
    exp: claims.exp,
    iss: claims.iss,
    user: {
      sub: input.oidcView ? `${OIDC_USER_SUB_PREFIX}${user.id}` : String(user.id),
      name: user.username,
      preferred_username: user.username,
      email: user.email ?? '',
      locale: 'en-US',
      zoneinfo: 'UTC',
      timezone: UTC,
    },
    organization: {
      member_id: claims.mid,
      enterprise_id: tenant.eid,
      enterprise_name: tenant.name,
      account_type: claims.mid === tenant.eid ? 'enterprise' : 'business_unit',
      stack_key: 'PG1',
      region: 'NA1',
      locale: 'en-US',
      zoneinfo: 'UTC',
      timezone: UTC,
    },
    rest: {
      rest_instance_url: baseUris.restBaseUri,
      soap_instance_url: baseUris.soapBaseUri,
    },
    application: {
      id: pkg?.id ?? claims.client_id,
      name: pkg?.name ?? '',
      redirectUrl: [...(integration?.redirectUris ?? [])],
      appScopes: [...(integration?.scopes ?? [])],
    },
    permissions: (membership?.permissions ?? []).map(permissionOf),
  };
}
