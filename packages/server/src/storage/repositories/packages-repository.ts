import type { Kysely, Selectable } from 'kysely';
import type { InstalledPackage, Integration, IntegrationType } from '../records.js';
import type { Database, IntegrationsTable, PackagesTable } from '../schema.js';

const toPackage = (r: Selectable<PackagesTable>): InstalledPackage => ({
  id: r.id,
  tenantId: r.tenant_id,
  name: r.name,
  description: r.description,
  mid: Number(r.mid),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

const toIntegration = (r: Selectable<IntegrationsTable>, accessMids: readonly number[]): Integration => ({
  packageId: r.package_id,
  tenantId: r.tenant_id,
  clientId: r.client_id,
  integrationType: r.integration_type as IntegrationType,
  scopes: r.scopes === '' ? [] : r.scopes.split(' '),
  redirectUris: JSON.parse(r.redirect_uris) as string[],
  accessAll: r.access_all === 1,
  accessMids,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

export interface PackageChanges {
  readonly name?: string;
  readonly description?: string;
  readonly updatedAt: number;
}

export interface IntegrationChanges {
  readonly scopes?: readonly string[];
  readonly redirectUris?: readonly string[];
  readonly updatedAt: number;
}

/** Installed packages and their (at most one) API Integration with its BU access. */
export function packagesRepository(db: Kysely<Database>) {
  async function accessMidsOf(clientId: string): Promise<number[]> {
    const rows = await db
      .selectFrom('integration_access')
      .select('mid')
      .where('client_id', '=', clientId)
      .orderBy('mid')
      .execute();
    return rows.map((r) => Number(r.mid));
  }

  return {
    async insertPackage(p: InstalledPackage): Promise<void> {
      await db
        .insertInto('packages')
        .values({
          id: p.id,
          tenant_id: p.tenantId,
          name: p.name,
          description: p.description,
          mid: p.mid,
          created_at: p.createdAt,
          updated_at: p.updatedAt,
        })
        .execute();
    },
    async listPackages(
      tenantId: string,
      page: { after?: string; limit: number },
    ): Promise<InstalledPackage[]> {
      let q = db.selectFrom('packages').selectAll().where('tenant_id', '=', tenantId);
      if (page.after) q = q.where('id', '>', page.after);
      const rows = await q.orderBy('id').limit(page.limit).execute();
      return rows.map(toPackage);
    },
    /** Any tenant's package with this id (ids are unique store-wide). */
    async findPackageById(id: string): Promise<InstalledPackage | undefined> {
      const row = await db.selectFrom('packages').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toPackage(row);
    },
    async findPackage(tenantId: string, id: string): Promise<InstalledPackage | undefined> {
      const row = await db
        .selectFrom('packages')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toPackage(row);
    },
    async updatePackage(tenantId: string, id: string, changes: PackageChanges): Promise<void> {
      await db
        .updateTable('packages')
        .set({
          ...(changes.name !== undefined ? { name: changes.name } : {}),
          ...(changes.description !== undefined ? { description: changes.description } : {}),
          updated_at: changes.updatedAt,
        })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .execute();
    },
    async deletePackage(tenantId: string, id: string): Promise<boolean> {
      const res = await db
        .deleteFrom('packages')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },
    async insertIntegration(i: Integration): Promise<void> {
      await db
        .insertInto('integrations')
        .values({
          package_id: i.packageId,
          tenant_id: i.tenantId,
          client_id: i.clientId,
          integration_type: i.integrationType,
          scopes: i.scopes.join(' '),
          redirect_uris: JSON.stringify(i.redirectUris),
          access_all: i.accessAll ? 1 : 0,
          created_at: i.createdAt,
          updated_at: i.updatedAt,
        })
        .execute();
      if (i.accessMids.length > 0) {
        await db
          .insertInto('integration_access')
          .values(i.accessMids.map((mid) => ({ client_id: i.clientId, mid })))
          .execute();
      }
    },
    async findIntegrationByPackage(packageId: string): Promise<Integration | undefined> {
      const row = await db
        .selectFrom('integrations')
        .selectAll()
        .where('package_id', '=', packageId)
        .executeTakeFirst();
      return row && toIntegration(row, await accessMidsOf(row.client_id));
    },
    async findIntegrationByClientId(clientId: string): Promise<Integration | undefined> {
      const row = await db
        .selectFrom('integrations')
        .selectAll()
        .where('client_id', '=', clientId)
        .executeTakeFirst();
      return row && toIntegration(row, await accessMidsOf(row.client_id));
    },
    async listClientIds(tenantId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('integrations')
        .select('client_id')
        .where('tenant_id', '=', tenantId)
        .execute();
      return rows.map((r) => r.client_id);
    },
    async updateIntegration(clientId: string, changes: IntegrationChanges): Promise<void> {
      await db
        .updateTable('integrations')
        .set({
          ...(changes.scopes !== undefined ? { scopes: changes.scopes.join(' ') } : {}),
          ...(changes.redirectUris !== undefined
            ? { redirect_uris: JSON.stringify(changes.redirectUris) }
            : {}),
          updated_at: changes.updatedAt,
        })
        .where('client_id', '=', clientId)
        .execute();
    },
    async replaceAccess(clientId: string, access: { all: boolean; mids: readonly number[] }, at: number) {
      await db.deleteFrom('integration_access').where('client_id', '=', clientId).execute();
      if (access.mids.length > 0) {
        await db
          .insertInto('integration_access')
          .values(access.mids.map((mid) => ({ client_id: clientId, mid })))
          .execute();
      }
      await db
        .updateTable('integrations')
        .set({ access_all: access.all ? 1 : 0, updated_at: at })
        .where('client_id', '=', clientId)
        .execute();
    },
  };
}

export type PackagesRepository = ReturnType<typeof packagesRepository>;
