import { randomUUID } from 'node:crypto';
import { BadRequest, NotFound } from '../../errors/admin-errors.js';
import type { InstalledPackage, Tenant } from '../../storage/records.js';
import type { Store } from '../../storage/store.js';
import { type Actor, changedFields, recordAudit } from '../audit.js';

export async function createPackage(
  store: Store,
  who: Actor,
  tenant: Tenant,
  input: { name: string; description?: string | undefined; mid?: number | undefined },
  now: number,
): Promise<InstalledPackage> {
  return store.transaction(async (repos) => {
    const mid = input.mid ?? tenant.eid;
    if (!(await repos.tenants.findBusinessUnit(tenant.id, mid))) {
      throw new BadRequest(`mid ${mid} is not a business unit of this tenant.`, { field: 'mid' });
    }
    const pkg: InstalledPackage = {
      id: randomUUID(),
      tenantId: tenant.id,
      name: input.name,
      description: input.description ?? '',
      mid,
      createdAt: now,
      updatedAt: now,
    };
    await repos.packages.insertPackage(pkg);
    await recordAudit(repos, who, {
      tenantId: tenant.id,
      action: 'package.created',
      target: pkg.id,
      details: { name: pkg.name, mid },
      at: now,
    });
    return pkg;
  });
}

export async function findPackageOrThrow(
  store: Store,
  tenant: Tenant,
  id: string,
): Promise<InstalledPackage> {
  const pkg = /^[0-9a-f-]{36}$/.test(id) ? await store.packages.findPackage(tenant.id, id) : undefined;
  if (!pkg) throw new NotFound(`No package "${id}" in this tenant.`);
  return pkg;
}

export async function updatePackage(
  store: Store,
  who: Actor,
  tenant: Tenant,
  id: string,
  changes: { name?: string | undefined; description?: string | undefined },
  now: number,
): Promise<InstalledPackage> {
  const before = await findPackageOrThrow(store, tenant, id);
  return store.transaction(async (repos) => {
    await repos.packages.updatePackage(tenant.id, id, { ...changes, updatedAt: now });
    const pkg = await repos.packages.findPackage(tenant.id, id);
    if (!pkg) throw new NotFound(`No package "${id}" in this tenant.`);
    await recordAudit(repos, who, {
      tenantId: tenant.id,
      action: 'package.updated',
      target: id,
      details: { ...changes, ...changedFields(before, pkg, ['name', 'description']) },
      at: now,
    });
    return pkg;
  });
}

/** Deleting the package is the only way to remove its API Integration (PRODUCT.md §2). */
export async function deletePackage(
  store: Store,
  who: Actor,
  tenant: Tenant,
  id: string,
  now: number,
): Promise<string | undefined> {
  await findPackageOrThrow(store, tenant, id);
  return store.transaction(async (repos) => {
    const integration = await repos.packages.findIntegrationByPackage(id);
    await repos.packages.deletePackage(tenant.id, id);
    await recordAudit(repos, who, {
      tenantId: tenant.id,
      action: 'package.deleted',
      target: id,
      details: integration ? { clientId: integration.clientId } : {},
      at: now,
    });
    return integration?.clientId;
  });
}
