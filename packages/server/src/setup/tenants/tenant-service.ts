import { randomUUID } from 'node:crypto';
import { BadRequest, Conflict, NotFound } from '../../errors/admin-errors.js';
import { namesNothing } from '../../storage/names-nothing.js';
import type { BusinessUnit, Tenant } from '../../storage/records.js';
import type { Repositories, Store } from '../../storage/store.js';
import { type Actor, recordAudit } from '../audit.js';
import { createSystemFolders } from '../folders/folder-service.js';
import { generateAccountNumber, generateSubdomain, isSubdomain } from '../random-identifiers.js';

/** A fresh account number not used as EID or MID anywhere in the store. */
async function newAccountNumber(repos: Repositories): Promise<number> {
  for (;;) {
    const n = generateAccountNumber();
    if (!(await repos.tenants.isAccountNumberTaken(n))) return n;
  }
}

/** A fixed account number (a seed file's EID or MID) must not name anything else already. */
async function checkAccountNumberFree(repos: Repositories, n: number, field: string): Promise<void> {
  if (await repos.tenants.isAccountNumberTaken(n)) {
    throw new Conflict(`${n} is already used as an EID or MID.`, { field });
  }
}

/**
 * Creates a tenant with a new 28-character subdomain, an EID and its top BU (MID = EID).
 * `fixed` (seed files) pins the subdomain and/or the EID instead of generating them.
 */
export async function createTenant(
  store: Store,
  who: Actor,
  name: string,
  now: number,
  fixed: { subdomain?: string | undefined; eid?: number | undefined } = {},
): Promise<Tenant> {
  if (fixed.subdomain !== undefined && !isSubdomain(fixed.subdomain)) {
    throw new BadRequest('subdomain: "mc" and 26 characters a-z 0-9.', { field: 'subdomain' });
  }
  return store.transaction(async (repos) => {
    if (fixed.subdomain !== undefined && (await repos.tenants.findTenantBySubdomain(fixed.subdomain))) {
      throw new Conflict(`A tenant with subdomain "${fixed.subdomain}" already exists.`, {
        field: 'subdomain',
      });
    }
    if (fixed.eid !== undefined) await checkAccountNumberFree(repos, fixed.eid, 'eid');
    const eid = fixed.eid ?? (await newAccountNumber(repos));
    const subdomain = fixed.subdomain ?? generateSubdomain();
    const tenant: Tenant = { id: randomUUID(), subdomain, eid, name, createdAt: now };
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

/** Renames a tenant (seed files); audited. */
export async function renameTenant(store: Store, who: Actor, tenant: Tenant, name: string, now: number) {
  await store.transaction(async (repos) => {
    await repos.tenants.renameTenant(tenant.id, name);
    await recordAudit(repos, who, {
      tenantId: tenant.id,
      action: 'tenant.renamed',
      target: tenant.subdomain,
      details: { name },
      at: now,
    });
  });
}

/** Renames a business unit (seed files); audited. */
export async function renameBusinessUnit(
  store: Store,
  who: Actor,
  tenant: Tenant,
  mid: number,
  name: string,
  now: number,
) {
  await store.transaction(async (repos) => {
    await repos.tenants.renameBusinessUnit(tenant.id, mid, name);
    await recordAudit(repos, who, {
      tenantId: tenant.id,
      action: 'business_unit.renamed',
      target: String(mid),
      details: { name },
      at: now,
    });
  });
}

/** Adds a BU under `parentMid` (default: the top BU); `mid` (seed files) pins its MID. */
export async function createBusinessUnit(
  store: Store,
  who: Actor,
  tenant: Tenant,
  input: { name: string; parentMid?: number | undefined; mid?: number | undefined },
  now: number,
): Promise<BusinessUnit> {
  return store.transaction(async (repos) => {
    const parentMid = input.parentMid ?? tenant.eid;
    if (!(await repos.tenants.findBusinessUnit(tenant.id, parentMid))) {
      throw new BadRequest(`parentMid ${parentMid} is not a business unit of this tenant.`, {
        field: 'parentMid',
      });
    }
    if (input.mid !== undefined) await checkAccountNumberFree(repos, input.mid, 'mid');
    const bu: BusinessUnit = {
      mid: input.mid ?? (await newAccountNumber(repos)),
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
