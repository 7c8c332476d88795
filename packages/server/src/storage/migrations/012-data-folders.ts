import type { Kysely } from 'kysely';
import { SYSTEM_FOLDERS } from '../../setup/folders/system-folders.js';
import type { MigrationContext } from './migration-context.js';

interface BackfillTables {
  business_units: { mid: number; tenant_id: string; created_at: number };
  data_folders: {
    id?: number;
    tenant_id: string;
    mid: number;
    parent_id: number;
    name: string;
    customer_key: string | null;
    customer_key_lower: string | null;
    content_type: string;
    description: string;
    is_system: number;
    allow_children: number;
    created_at: number;
    modified_at: number;
  };
  data_extensions: { mid: number; category_id: number | null };
}

/**
 * Issue 13: DataFolder, a folder tree per BU (integer ids, as Marketing Cloud's), with the root
 * folders every BU has; Data Extensions are filed in one (`category_id`) and carry the SOAP
 * properties Packgate stores (description, modified time, settings as JSON). Existing BUs get
 * their root folders here, and their Data Extensions go to the BU's "Data Extensions" root.
 */
export function dataFoldersMigration(ctx: MigrationContext) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('data_folders')
        .addColumn('id', ctx.dialect === 'postgres' ? 'serial' : 'integer', (c) =>
          ctx.dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('mid', 'bigint', (c) => c.notNull())
        .addColumn('parent_id', 'bigint', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('customer_key', 'text')
        .addColumn('customer_key_lower', 'text')
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('is_system', 'integer', (c) => c.notNull())
        .addColumn('allow_children', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('modified_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('data_folders_mid_key', ['mid', 'customer_key_lower'])
        .execute();
      await db.schema
        .createIndex('data_folders_bu')
        .on('data_folders')
        .columns(['tenant_id', 'mid'])
        .execute();
      await db.schema
        .alterTable('data_extensions')
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema.alterTable('data_extensions').addColumn('category_id', 'bigint').execute();
      await db.schema.alterTable('data_extensions').addColumn('modified_at', 'bigint').execute();
      await db.schema
        .alterTable('data_extensions')
        .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
      const typed = db as unknown as Kysely<BackfillTables>;
      for (const bu of await typed.selectFrom('business_units').selectAll().execute()) {
        const ids = await insertSystemFolders(typed, bu.tenant_id, Number(bu.mid), Number(bu.created_at));
        await typed
          .updateTable('data_extensions')
          .set({ category_id: ids.get('dataextension') ?? null })
          .where('mid', '=', bu.mid)
          .execute();
      }
    },
  };
}

/** The root folders of a new BU (also used by the setup service); returns their ids by content type. */
export async function insertSystemFolders(
  db: Kysely<BackfillTables>,
  tenantId: string,
  mid: number,
  now: number,
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const folder of SYSTEM_FOLDERS) {
    const row = await db
      .insertInto('data_folders')
      .values({
        tenant_id: tenantId,
        mid,
        parent_id: 0,
        name: folder.name,
        customer_key: folder.customerKey,
        customer_key_lower: folder.customerKey.toLowerCase(),
        content_type: folder.contentType,
        description: '',
        is_system: 1,
        allow_children: 1,
        created_at: now,
        modified_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(folder.contentType, Number(row.id));
  }
  return ids;
}
