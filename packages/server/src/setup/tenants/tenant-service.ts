import { randomUUID } from 'node:crypto';
import { BadRequest, NotFound } from '../../errors/admin-errors.js';
import { namesNothing } from '../../storage/names-nothing.js';
import type { BusinessUnit, Tenant } from '../../storage/records.js';
import type { Repositories, Store } from '../../storage/store.js';
import { type Actor, recordAudit } from '../audit.js';
import { createSystemFolders } from '../folders/folder-service.js';
import { generateAccountNumber, generateSubdomain } from '../random-identifiers.js';

/** A fresh account number not used as EID or MID anywhere in the store. */
async function newAccountNumber(repos: Repositories): Promise<number> {
  for (;;) {
    const n = generateAccountNumber();
    if (!(await repos.tenants.isAccountNumberTaken(n))) return n;
  }
}

/** Creates a tenant with a new 28-character subdomain, an EID and its top BU (MID = EID). */
export async function createTenant(store: Store, who: Actor, name: string, now: number): Promise<Tenant> {
  return store.transaction(async (repos) => {
    const eid = await newAccountNumber(repos);
    const tenant: Tenant = { id: randomUUID(), subdomain: generateSubdomain(), eid, name, createdAt: now };
    await repos.tenants.insertTenant(tenant);
    await repos.tenants.insertBusinessUnit({
      mid: eid,
      tenantId: tenant.id,
      name,
      parentMid: null,
      createdAt: now,
    });
    await createSystemFolders(repos, tenant.id, eid, now);
    await recordAudit(repos, who, {
      tenantId: tenant.id,
      action: 'tenant.created',
      target: tenant.subdomain,
      details: { name, eid },
      at: now,
    });
    return tenant;
  });
}

export async function findTenantOrThrow(store: Store, subdomain: string): Promise<Tenant> {
  const tenant = namesNothing(subdomain) ? undefined : await store.tenants.findTenantBySubdomain(subdomain);
  if (!tenant) throw new NotFound(`No tenant with subdomain "${subdomain}".`);
  return tenant;
}

export async function deleteTenant(store: Store, who: Actor, subdomain: string, now: number): Promise<void> {
  const tenant = await findTenantOrThrow(store, subdomain);
  await store.transaction(async (repos) => {
    await repos.tenants.deleteTenant(tenant.id);
    // The tenant's own events go with it; this one stays server-wide.
    await recordAudit(repos, who, { tenantId: null, action: 'tenant.deleted', target: subdomain, at: now });
  });
}

/** Adds a BU under `parentMid` (default: the top BU). */
export async function createBusinessUnit(
  store: Store,
  who: Actor,
  tenant: Tenant,
  input: { name: string; parentMid?: number | undefined },
  now: number,
): Promise<BusinessUnit> {
  return store.transaction(async (repos) => {
    const parentMid = input.parentMid ?? tenant.eid;
    if (!(await repos.tenants.findBusinessUnit(tenant.id, parentMid))) {
      throw new BadRequest(`parentMid ${parentMid} is not a business unit of this tenant.`, {
        field: 'parentMid',
      });
    }
    const bu: BusinessUnit = {
      mid: await newAccountNumber(repos),
      tenantId: tenant.id,
      name: input.name,
      parentMid,
      createdAt: now,
    };
    await repos.tenants.insertBusinessUnit(bu);
    await createSystemFolders(repos, tenant.id, bu.mid, now);
    await recordAudit(repos, who, {
      tenantId: tenant.id,
      action: 'business_unit.created',
      target: String(bu.mid),
      details: { name: bu.name, parentMid },
      at: now,
    });
    return bu;
  });
}
