import type { BusinessUnit } from '../../../storage/records.js';
import type { RetrievableObject, RetrieveContext } from '../retrievable-object.js';

export interface BusinessUnitOfTenant {
  readonly bu: BusinessUnit;
  readonly parent: BusinessUnit | undefined;
  readonly eid: number;
}

/** The token's BU, or with `QueryAllAccounts` it and every BU below it in the tenant's tree. */
async function visibleBusinessUnits(ctx: RetrieveContext): Promise<BusinessUnitOfTenant[]> {
  const { tenant } = ctx.bearer.tenant;
  const all = await ctx.store.tenants.listBusinessUnits(tenant.id);
  const byMid = new Map(all.map((bu) => [bu.mid, bu]));
  const isVisible = (bu: BusinessUnit): boolean => {
    if (bu.mid === ctx.bearer.mid) return true;
    if (!ctx.queryAllAccounts) return false;
    // Walk up: a BU is visible when the token's BU is one of its ancestors (the tree has no cycles).
    let parent = bu.parentMid === null ? undefined : byMid.get(bu.parentMid);
    for (let hops = 0; parent && hops < all.length; hops++) {
      if (parent.mid === ctx.bearer.mid) return true;
      parent = parent.parentMid === null ? undefined : byMid.get(parent.parentMid);
    }
    return false;
  };
  return all.filter(isVisible).map((bu) => ({
    bu,
    parent: bu.parentMid === null ? undefined : byMid.get(bu.parentMid),
    eid: tenant.eid,
  }));
}

const properties: RetrievableObject<BusinessUnitOfTenant>['properties'] = {
  ID: { type: 'Number', get: (b) => b.bu.mid },
  'Client.ID': { type: 'Number', get: (b) => b.bu.mid },
  'Client.EnterpriseID': { type: 'Number', get: (b) => b.eid },
  Name: { type: 'Text', get: (b) => b.bu.name },
  BusinessName: { type: 'Text', get: (b) => b.bu.name },
  CustomerKey: { type: 'Text', get: (b) => String(b.bu.mid) },
  Description: { type: 'Text', get: () => '' },
  ParentID: { type: 'Number', get: (b) => b.bu.parentMid ?? 0 },
  ParentName: { type: 'Text', get: (b) => b.parent?.name ?? null },
  'ParentAccount.ID': { type: 'Number', get: (b) => b.bu.parentMid ?? 0 },
  IsActive: { type: 'Boolean', get: () => true },
  AccountType: {
    type: 'Text',
    get: (b) => (b.bu.parentMid === null ? 'ENTERPRISE_2' : 'BUSINESS_UNIT'),
  },
  CreatedDate: { type: 'Date', get: (b) => b.bu.createdAt },
  ModifiedDate: { type: 'Date', get: (b) => b.bu.createdAt },
  InheritAddress: { type: 'Boolean', get: () => true },
  IsTestAccount: { type: 'Boolean', get: () => false },
};

/**
 * `BusinessUnit` from the tenant's BU tree (`QueryAllAccounts` for the ones below the token's).
 * It needs `accounts_read`, as Marketing Cloud's account objects do.
 */
export const businessUnitObject: RetrievableObject<BusinessUnitOfTenant> = {
  objectType: 'BusinessUnit',
  scope: 'accounts_read',
  properties,
  list: visibleBusinessUnits,
};

/** `Account`: the same tree, read by older clients (FuelSDK's ET_BusinessUnit uses BusinessUnit). */
export const accountObject: RetrievableObject<BusinessUnitOfTenant> = {
  objectType: 'Account',
  scope: 'accounts_read',
  properties,
  list: visibleBusinessUnits,
};
