import { InvalidRequest, UnauthorizedClient } from '../../errors/oauth-errors.js';
import type { ClientEntry, TenantEntry } from '../../setup/directory/client-directory.js';

/** Parses `account_id`: a MID, sent as a number or a numeric string. */
export function parseAccountId(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d{0,14}$/.test(value.trim())) {
    throw new InvalidRequest('account_id must be the numeric MID of a business unit.');
  }
  return Number(value.trim());
}

/**
 * resolveBusinessUnit for server-to-server clients: `account_id` omitted → the BU the package
 * was created in; otherwise the MID must be a BU of the tenant that the Access tab enables.
 * PRODUCT.md §4: no access → 401 `unauthorized_client`.
 */
export function resolveServerBusinessUnit(
  client: ClientEntry,
  tenant: TenantEntry,
  accountId: string | undefined,
) {
  const mid = parseAccountId(accountId) ?? client.packageMid;
  // The client has authenticated: telling an unknown MID from a disabled one leaks nothing to it,
  // and a typo'd account_id is the commonest cause (packgate doctor names it).
  if (!tenant.businessUnitMids.has(mid)) {
    throw new UnauthorizedClient(
      `There is no business unit ${mid} in this account: check account_id (the MID of one of the account's business units).`,
    );
  }
  if (!(client.integration.accessAll || client.accessMids.has(mid))) {
    throw new UnauthorizedClient(
      `The integration is not enabled for business unit ${mid}. Enable it on the package's Access tab.`,
    );
  }
  return mid;
}
