import { type Kysely, type Selectable, sql } from 'kysely';
import type {
  DataExtension,
  DataExtensionField,
  DataExtensionSettings,
  RowCondition,
  RowQuery,
  RowTerm,
  RowValues,
  StoredRow,
} from '../data-extension-records.js';
import type { Database, DataExtensionsTable } from '../schema.js';
import { conditionOf, sortedBy } from './data-extension-row-query.js';
import {
  fullTermOf,
  isHashedTerm,
  TERMS_PER_STATEMENT,
  termKeyOf,
  termRecordsOf,
} from './data-extension-row-terms.js';

const toDataExtension = (r: Selectable<DataExtensionsTable>): DataExtension => ({
  id: r.id,
  tenantId: r.tenant_id,
  mid: Number(r.mid),
  name: r.name,
  key: r.customer_key,
  fields: JSON.parse(r.fields) as DataExtensionField[],
  createdAt: Number(r.created_at),
  description: r.description,
  categoryId: r.category_id === null ? null : Number(r.category_id),
  modifiedAt: r.modified_at === null ? Number(r.created_at) : Number(r.modified_at),
  settings: JSON.parse(r.settings) as DataExtensionSettings,
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
          description: de.description ?? '',
          category_id: de.categoryId ?? null,
          modified_at: de.modifiedAt ?? de.createdAt,
          settings: JSON.stringify(de.settings ?? {}),
        })
        .execute();
    },
    /**
     * Replaces a definition's name, description, folder, settings and fields (by id, in its BU).
     * Fields only ever get added: rows written before get a no-value term for each new field,
     * so filters and sorts on it see them. Call inside a transaction.
     */
    async updateDataExtension(de: DataExtension, addedFields: readonly DataExtensionField[]): Promise<void> {
      await db
        .updateTable('data_extensions')
        .set({
          name: de.name,
          fields: JSON.stringify(de.fields),
          description: de.description ?? '',
          category_id: de.categoryId ?? null,
          modified_at: de.modifiedAt ?? de.createdAt,
          settings: JSON.stringify(de.settings ?? {}),
        })
        .where('id', '=', de.id)
        .where('mid', '=', de.mid)
        .execute();
      for (const field of addedFields) {
        await db
          .insertInto('data_extension_row_terms')
          .columns(['de_id', 'row_key', 'field_name', 'created_at', 'term_key', 'term', 'sort_key'])
          .expression((eb) =>
            eb
              .selectFrom('data_extension_rows')
              // Typed casts: PostgreSQL cannot infer a bare parameter's type in a select list.
              .select([
                'de_id',
                'row_key',
                sql<string>`cast(${field.name} as text)`.as('field_name'),
                'created_at',
                sql<string>`cast('' as text)`.as('term_key'),
                sql<null>`cast(null as text)`.as('term'),
                sql<string>`cast('' as text)`.as('sort_key'),
              ])
              .where('de_id', '=', de.id),
          )
          .execute();
      }
    },
    /** Deletes a definition with its rows and their terms (foreign keys cascade). */
    async deleteDataExtension(mid: number, id: string): Promise<boolean> {
      await db.deleteFrom('data_extension_row_terms').where('de_id', '=', id).execute();
      await db.deleteFrom('data_extension_rows').where('de_id', '=', id).execute();
      await db.deleteFrom('async_requests').where('de_id', '=', id).execute();
      const res = await db
        .deleteFrom('data_extensions')
        .where('mid', '=', mid)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
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
    /**
     * Inserts or replaces rows by key, with their terms (row-terms.ts: one per field, so a
     * replaced row's terms are all replaced); a replaced row keeps its place (`created_at`).
     * Call inside a transaction: a row and its terms change together.
     */
    async upsertRows(
      deId: string,
      rows: ReadonlyArray<{ rowKey: string; values: RowValues; terms: readonly RowTerm[] }>,
      now: number,
    ): Promise<void> {
      for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
        const batch = rows.slice(i, i + ROWS_PER_STATEMENT);
        const stored = await db
          .insertInto('data_extension_rows')
          .values(
            batch.map((r) => ({
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
          .returning(['row_key', 'created_at'])
          .execute();
        // A replaced row kept its `created_at`: its terms take the stored one.
        const createdAt = new Map(stored.map((r) => [r.row_key, Number(r.created_at)]));
        const terms = batch.flatMap((r) =>
          termRecordsOf(deId, { rowKey: r.rowKey, createdAt: createdAt.get(r.rowKey) ?? now }, r.terms),
        );
        for (let j = 0; j < terms.length; j += TERMS_PER_STATEMENT) {
          await db
            .insertInto('data_extension_row_terms')
            .values(terms.slice(j, j + TERMS_PER_STATEMENT))
            .onConflict((oc) =>
              oc.columns(['de_id', 'row_key', 'field_name']).doUpdateSet((eb) => ({
                created_at: eb.ref('excluded.created_at'),
                term_key: eb.ref('excluded.term_key'),
                term: eb.ref('excluded.term'),
                sort_key: eb.ref('excluded.sort_key'),
              })),
            )
            .execute();
        }
      }
    },
    async deleteRows(deId: string, rowKeys: readonly string[]): Promise<number> {
      let deleted = 0;
      for (let i = 0; i < rowKeys.length; i += ROWS_PER_STATEMENT) {
        const keys = rowKeys.slice(i, i + ROWS_PER_STATEMENT);
        await db
          .deleteFrom('data_extension_row_terms')
          .where('de_id', '=', deId)
          .where('row_key', 'in', keys)
          .execute();
        const res = await db
          .deleteFrom('data_extension_rows')
          .where('de_id', '=', deId)
          .where('row_key', 'in', keys)
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
    /**
     * One page of the rows that satisfy every `query.equals` clause, in `query.order` then
     * insertion order, and how many satisfy them: answered over the terms' index, values bound.
     */
    async queryRows(deId: string, query: RowQuery): Promise<{ count: number; rows: StoredRow[] }> {
      const [first, ...others] = query.equals;
      if (!first || query.where) {
        const { where } = query;
        const condition: RowCondition | undefined = where && {
          kind: 'all',
          conditions: [
            ...query.equals.map(
              ({ field, term }): RowCondition =>
                term === null
                  ? { kind: 'hasValue', field, has: false }
                  : { kind: 'in', field, terms: [term] },
            ),
            where,
          ],
        };
        let all = db.selectFrom('data_extension_rows as r').where('r.de_id', '=', deId);
        if (condition) all = all.where((eb) => conditionOf(eb, deId, condition));
        const [count, rows] = await Promise.all([
          all.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
          sortedBy(all, query)
            .select(['r.row_key', 'r.row_values', 'r.created_at'])
            .orderBy('r.created_at')
            .orderBy('r.row_key')
            .limit(query.limit)
            .offset(query.offset)
            .execute(),
        ]);
        return { count: Number(count.n), rows: rows.map(toRow) };
      }
      // The first clause reads the index in insertion order; the others are checked per row.
      let matching = db
        .selectFrom('data_extension_row_terms as m')
        .where('m.de_id', '=', deId)
        .where('m.field_name', '=', first.field)
        .where('m.term_key', '=', termKeyOf(first.term));
      if (isHashedTerm(first.term)) matching = matching.where('m.term', '=', fullTermOf(first.term));
      for (const { field, term } of others) {
        matching = matching.where(({ exists, selectFrom }) => {
          let other = selectFrom('data_extension_row_terms as o')
            .select('o.row_key')
            .whereRef('o.de_id', '=', 'm.de_id')
            .whereRef('o.row_key', '=', 'm.row_key')
            .where('o.field_name', '=', field)
            .where('o.term_key', '=', termKeyOf(term));
          if (isHashedTerm(term)) other = other.where('o.term', '=', fullTermOf(term));
          return exists(other);
        });
      }
      const [count, rows] = await Promise.all([
        matching.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
        sortedBy(
          matching.innerJoin('data_extension_rows as r', (j) =>
            j.onRef('r.de_id', '=', 'm.de_id').onRef('r.row_key', '=', 'm.row_key'),
          ),
          query,
        )
          .select(['r.row_key', 'r.row_values', 'r.created_at'])
          .orderBy('m.created_at')
          .orderBy('m.row_key')
          .limit(query.limit)
          .offset(query.offset)
          .execute(),
      ]);
      return { count: Number(count.n), rows: rows.map(toRow) };
    },
  };
}

export type DataExtensionsRepository = ReturnType<typeof dataExtensionsRepository>;
