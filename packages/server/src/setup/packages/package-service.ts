import { randomUUID } from 'node:crypto';
import { BadRequest, Conflict, NotFound } from '../../errors/admin-errors.js';
import type { InstalledPackage, Tenant } from '../../storage/records.js';
import type { Store } from '../../storage/store.js';
import { type Actor, changedFields, recordAudit } from '../audit.js';

const PACKAGE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function createPackage(
  store: Store,
  who: Actor,
  tenant: Tenant,
  input: {
    name: string;
    description?: string | undefined;
    mid?: number | undefined;
    id?: string | undefined;
  },
  now: number,
): Promise<InstalledPackage> {
  // `id` (seed files) pins the package's unique id instead of generating one.
  if (input.id !== undefined && !PACKAGE_ID.test(input.id)) {
    throw new BadRequest('id: a UUID in lower case.', { field: 'id' });
  }
  return store.transaction(async (repos) => {
    if (input.id !== undefined && (await repos.packages.findPackageById(input.id))) {
      throw new Conflict(`A package with id "${input.id}" already exists.`, { field: 'id' });
    }
    const mid = input.mid ?? tenant.eid;
    if (!(await repos.tenants.findBusinessUnit(tenant.id, mid))) {
      throw new BadRequest(`mid ${mid} is not a business unit of this tenant.`, { field: 'mid' });
    }
    const pkg: InstalledPackage = {
      id: input.id ?? randomUUID(),
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
