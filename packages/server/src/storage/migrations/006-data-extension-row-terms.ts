import { type Kysely, sql } from 'kysely';
import { rowTermsOf } from '../../resources/data-extensions/row-terms.js';
import type { DataExtensionField, RowValues } from '../data-extension-records.js';
import { TERMS_PER_STATEMENT, termRecordsOf } from '../repositories/data-extension-row-terms.js';
import type { DataExtensionRowTermsTable } from '../schema.js';
import type { MigrationContext } from './migration-context.js';

/** Rows read per batch while indexing the rows stored before this migration. */
const BACKFILL_ROWS = 500;

/**
 * The terms of every Data Extension row (see row-terms.ts), so filtered and sorted reads are
 * answered by an index instead of reading every row (issue 8). An equality clause reads
 * `(de_id, field_name, term_key)` and gets the rows in insertion order (`created_at`, `row_key`)
 * from the same index, so a page stops early. Sort keys are ASCII compared byte by byte.
 * Existing rows are indexed here with today's rules; a change of those rules needs a new
 * migration that rebuilds the terms.
 */
export function dataExtensionRowTermsMigration(ctx: MigrationContext) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('data_extension_row_terms')
        .addColumn('de_id', 'text', (c) => c.notNull())
        .addColumn('row_key', 'text', (c) => c.notNull())
        .addColumn('field_name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('term_key', 'text', (c) => c.notNull())
        .addColumn('term', 'text')
        .addColumn('sort_key', ctx.dialect === 'postgres' ? sql`text collate "C"` : 'text', (c) =>
          c.notNull(),
        )
        .addPrimaryKeyConstraint('data_extension_row_terms_pk', ['de_id', 'row_key', 'field_name'])
        // Rows delete their terms themselves (deleteRows); a Data Extension's go with it.
        .addForeignKeyConstraint('data_extension_row_terms_de', ['de_id'], 'data_extensions', ['id'], (c) =>
          c.onDelete('cascade'),
        )
        // SQLite: the primary key is the table, one b-tree fewer per term written.
        .$call((t) => (ctx.dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t))
        .execute();
      await db.schema
        .createIndex('data_extension_row_terms_lookup')
        .on('data_extension_row_terms')
        .columns(['de_id', 'field_name', 'term_key', 'created_at', 'row_key'])
        .execute();
      await backfill(db as Kysely<BackfillTables>);
    },
  };
}

interface BackfillTables {
  data_extensions: { id: string; fields: string };
  data_extension_rows: { de_id: string; row_key: string; row_values: string; created_at: number };
  data_extension_row_terms: DataExtensionRowTermsTable;
}

async function backfill(db: Kysely<BackfillTables>): Promise<void> {
  for (const de of await db.selectFrom('data_extensions').select(['id', 'fields']).execute()) {
    const fields = JSON.parse(de.fields) as DataExtensionField[];
    let after = '';
    for (;;) {
      const rows = await db
        .selectFrom('data_extension_rows')
        .select(['row_key', 'row_values', 'created_at'])
        .where('de_id', '=', de.id)
        .where('row_key', '>', after)
        .orderBy('row_key')
        .limit(BACKFILL_ROWS)
        .execute();
      const last = rows.at(-1);
      if (!last) break;
      const records = rows.flatMap((r) =>
        termRecordsOf(
          de.id,
          { rowKey: r.row_key, createdAt: Number(r.created_at) },
          rowTermsOf({ fields }, JSON.parse(r.row_values) as RowValues),
        ),
      );
      for (let i = 0; i < records.length; i += TERMS_PER_STATEMENT) {
        await db
          .insertInto('data_extension_row_terms')
          .values(records.slice(i, i + TERMS_PER_STATEMENT))
          .execute();
      }
      after = last.row_key;
    }
  }
}
