import type { Kysely, Selectable } from 'kysely';
import type { DataExtension, DataExtensionField, RowValues, StoredRow } from '../data-extension-records.js';
import type { Database, DataExtensionsTable } from '../schema.js';

const toDataExtension = (r: Selectable<DataExtensionsTable>): DataExtension => ({
  id: r.id,
  tenantId: r.tenant_id,
  mid: Number(r.mid),
  name: r.name,
  key: r.customer_key,
  fields: JSON.parse(r.fields) as DataExtensionField[],
  createdAt: Number(r.created_at),
});

const toRow = (r: { row_key: string; row_values: string; created_at: number }): StoredRow => ({
  rowKey: r.row_key,
  values: JSON.parse(r.row_values) as RowValues,
  createdAt: Number(r.created_at),
});

/** Rows per statement: keeps every batch under SQLite's and PostgreSQL's parameter limits. */
const ROWS_PER_STATEMENT = 500;

/** Data Extension definitions (per BU) and their rows. */
export function dataExtensionsRepository(db: Kysely<Database>) {
  return {
    async insertDataExtension(de: DataExtension): Promise<void> {
      await db
        .insertInto('data_extensions')
        .values({
          id: de.id,
          tenant_id: de.tenantId,
          mid: de.mid,
          name: de.name,
          customer_key: de.key,
          customer_key_lower: de.key.toLowerCase(),
          fields: JSON.stringify(de.fields),
          created_at: de.createdAt,
        })
        .execute();
    },
    async findDataExtensionByKey(mid: number, key: string): Promise<DataExtension | undefined> {
      const row = await db
        .selectFrom('data_extensions')
        .selectAll()
        .where('mid', '=', mid)
        .where('customer_key_lower', '=', key.toLowerCase())
        .executeTakeFirst();
      return row && toDataExtension(row);
    },
    async findDataExtensionById(mid: number, id: string): Promise<DataExtension | undefined> {
      const row = await db
        .selectFrom('data_extensions')
        .selectAll()
        .where('mid', '=', mid)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toDataExtension(row);
    },
    /** A tenant's Data Extensions, optionally of one BU, oldest first. */
    async listDataExtensions(tenantId: string, mid?: number): Promise<DataExtension[]> {
      let q = db.selectFrom('data_extensions').selectAll().where('tenant_id', '=', tenantId);
      if (mid !== undefined) q = q.where('mid', '=', mid);
      const rows = await q.orderBy('created_at').orderBy('id').execute();
      return rows.map(toDataExtension);
    },
    async findRows(deId: string, rowKeys: readonly string[]): Promise<Map<string, StoredRow>> {
      const found = new Map<string, StoredRow>();
      const unique = [...new Set(rowKeys)];
      for (let i = 0; i < unique.length; i += ROWS_PER_STATEMENT) {
        const rows = await db
          .selectFrom('data_extension_rows')
          .select(['row_key', 'row_values', 'created_at'])
          .where('de_id', '=', deId)
          .where('row_key', 'in', unique.slice(i, i + ROWS_PER_STATEMENT))
          .execute();
        for (const r of rows) found.set(r.row_key, toRow(r));
      }
      return found;
    },
    /** Inserts or replaces rows by key; a replaced row keeps its place (`created_at`). */
    async upsertRows(
      deId: string,
      rows: ReadonlyArray<{ rowKey: string; values: RowValues }>,
      now: number,
    ): Promise<void> {
      for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
        await db
          .insertInto('data_extension_rows')
          .values(
            rows.slice(i, i + ROWS_PER_STATEMENT).map((r) => ({
              de_id: deId,
              row_key: r.rowKey,
              row_values: JSON.stringify(r.values),
              created_at: now,
              updated_at: now,
            })),
          )
          .onConflict((oc) =>
            oc.columns(['de_id', 'row_key']).doUpdateSet((eb) => ({
              row_values: eb.ref('excluded.row_values'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      }
    },
    async deleteRows(deId: string, rowKeys: readonly string[]): Promise<number> {
      let deleted = 0;
      for (let i = 0; i < rowKeys.length; i += ROWS_PER_STATEMENT) {
        const res = await db
          .deleteFrom('data_extension_rows')
          .where('de_id', '=', deId)
          .where('row_key', 'in', rowKeys.slice(i, i + ROWS_PER_STATEMENT))
          .executeTakeFirst();
        deleted += Number(res.numDeletedRows);
      }
      return deleted;
    },
    async countRows(deId: string): Promise<number> {
      const r = await db
        .selectFrom('data_extension_rows')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('de_id', '=', deId)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    /** Rows in insertion order; without `page`, all of them. */
    async listRows(deId: string, page?: { offset: number; limit: number }): Promise<StoredRow[]> {
      let q = db
        .selectFrom('data_extension_rows')
        .select(['row_key', 'row_values', 'created_at'])
        .where('de_id', '=', deId)
        .orderBy('created_at')
        .orderBy('row_key');
      if (page) q = q.limit(page.limit).offset(page.offset);
      return (await q.execute()).map(toRow);
    },
  };
}

export type DataExtensionsRepository = ReturnType<typeof dataExtensionsRepository>;
