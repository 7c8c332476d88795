import type { Kysely, Selectable } from 'kysely';
import type { BusinessUnit, Tenant } from '../records.js';
import type { BusinessUnitsTable, Database, TenantsTable } from '../schema.js';

const toTenant = (r: Selectable<TenantsTable>): Tenant => ({
  id: r.id,
  subdomain: r.subdomain,
  eid: Number(r.eid),
  name: r.name,
  createdAt: Number(r.created_at),
});

const toBusinessUnit = (r: Selectable<BusinessUnitsTable>): BusinessUnit => ({
  mid: Number(r.mid),
  tenantId: r.tenant_id,
  name: r.name,
  parentMid: r.parent_mid === null ? null : Number(r.parent_mid),
  createdAt: Number(r.created_at),
});

/** Tenants and their business-unit trees. */
export function tenantsRepository(db: Kysely<Database>) {
  return {
    async insertTenant(t: Tenant): Promise<void> {
      await db
        .insertInto('tenants')
        .values({ id: t.id, subdomain: t.subdomain, eid: t.eid, name: t.name, created_at: t.createdAt })
        .execute();
    },
    async listTenants(): Promise<Tenant[]> {
      const rows = await db.selectFrom('tenants').selectAll().orderBy('created_at').orderBy('id').execute();
      return rows.map(toTenant);
    },
    async findTenantBySubdomain(subdomain: string): Promise<Tenant | undefined> {
      const row = await db
        .selectFrom('tenants')
        .selectAll()
        .where('subdomain', '=', subdomain)
        .executeTakeFirst();
      return row && toTenant(row);
    },
    async findTenantById(id: string): Promise<Tenant | undefined> {
      const row = await db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toTenant(row);
    },
    async renameTenant(id: string, name: string): Promise<void> {
      await db.updateTable('tenants').set({ name }).where('id', '=', id).execute();
    },
    async renameBusinessUnit(tenantId: string, mid: number, name: string): Promise<void> {
      await db
        .updateTable('business_units')
        .set({ name })
        .where('tenant_id', '=', tenantId)
        .where('mid', '=', mid)
        .execute();
    },
    async deleteTenant(id: string): Promise<boolean> {
      const res = await db.deleteFrom('tenants').where('id', '=', id).executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },
    async isAccountNumberTaken(n: number): Promise<boolean> {
      const bu = await db.selectFrom('business_units').select('mid').where('mid', '=', n).executeTakeFirst();
      if (bu) return true;
      const t = await db.selectFrom('tenants').select('id').where('eid', '=', n).executeTakeFirst();
      return t !== undefined;
    },
    async insertBusinessUnit(bu: BusinessUnit): Promise<void> {
      await db
        .insertInto('business_units')
        .values({
          mid: bu.mid,
          tenant_id: bu.tenantId,
          name: bu.name,
          parent_mid: bu.parentMid,
          created_at: bu.createdAt,
        })
        .execute();
    },
    async listBusinessUnits(tenantId: string): Promise<BusinessUnit[]> {
      const rows = await db
        .selectFrom('business_units')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy('created_at')
        .orderBy('mid')
        .execute();
      return rows.map(toBusinessUnit);
    },
    async findBusinessUnit(tenantId: string, mid: number): Promise<BusinessUnit | undefined> {
      const row = await db
        .selectFrom('business_units')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('mid', '=', mid)
        .executeTakeFirst();
      return row && toBusinessUnit(row);
    },
  };
}

export type TenantsRepository = ReturnType<typeof tenantsRepository>;
