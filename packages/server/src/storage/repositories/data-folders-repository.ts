import type { Kysely, Selectable } from 'kysely';
import type { DataFolder, NewDataFolder } from '../data-folder-records.js';
import type { Database, DataFoldersTable } from '../schema.js';

const toFolder = (r: Selectable<DataFoldersTable>): DataFolder => ({
  id: Number(r.id),
  tenantId: r.tenant_id,
  mid: Number(r.mid),
  parentId: Number(r.parent_id),
  name: r.name,
  customerKey: r.customer_key,
  contentType: r.content_type,
  description: r.description,
  isSystem: r.is_system === 1,
  allowChildren: r.allow_children === 1,
  createdAt: Number(r.created_at),
  modifiedAt: Number(r.modified_at),
});

/** DataFolder trees per BU (migration 012). */
export function dataFoldersRepository(db: Kysely<Database>) {
  return {
    async insertFolder(folder: NewDataFolder): Promise<DataFolder> {
      const row = await db
        .insertInto('data_folders')
        .values({
          tenant_id: folder.tenantId,
          mid: folder.mid,
          parent_id: folder.parentId,
          name: folder.name,
          customer_key: folder.customerKey,
          customer_key_lower: folder.customerKey?.toLowerCase() ?? null,
          content_type: folder.contentType,
          description: folder.description,
          is_system: folder.isSystem ? 1 : 0,
          allow_children: folder.allowChildren ? 1 : 0,
          created_at: folder.createdAt,
          modified_at: folder.modifiedAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toFolder(row);
    },
    /** The folders of a tenant's BUs (all of them without `mids`), by id. */
    async listFolders(tenantId: string, mids?: readonly number[]): Promise<DataFolder[]> {
      let q = db.selectFrom('data_folders').selectAll().where('tenant_id', '=', tenantId);
      if (mids) {
        if (mids.length === 0) return [];
        q = q.where('mid', 'in', [...mids]);
      }
      return (await q.orderBy('id').execute()).map(toFolder);
    },
    async findFolder(mid: number, id: number): Promise<DataFolder | undefined> {
      const row = await db
        .selectFrom('data_folders')
        .selectAll()
        .where('mid', '=', mid)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toFolder(row);
    },
    async findFolderByKey(mid: number, customerKey: string): Promise<DataFolder | undefined> {
      const row = await db
        .selectFrom('data_folders')
        .selectAll()
        .where('mid', '=', mid)
        .where('customer_key_lower', '=', customerKey.toLowerCase())
        .executeTakeFirst();
      return row && toFolder(row);
    },
    async updateFolder(folder: DataFolder): Promise<void> {
      await db
        .updateTable('data_folders')
        .set({
          parent_id: folder.parentId,
          name: folder.name,
          customer_key: folder.customerKey,
          customer_key_lower: folder.customerKey?.toLowerCase() ?? null,
          description: folder.description,
          allow_children: folder.allowChildren ? 1 : 0,
          modified_at: folder.modifiedAt,
        })
        .where('id', '=', folder.id)
        .where('mid', '=', folder.mid)
        .execute();
    },
    async deleteFolder(mid: number, id: number): Promise<boolean> {
      const res = await db
        .deleteFrom('data_folders')
        .where('mid', '=', mid)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },
    /** How many folders and Data Extensions a folder holds. */
    async countContents(mid: number, id: number): Promise<number> {
      const [folders, des] = await Promise.all([
        db
          .selectFrom('data_folders')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('mid', '=', mid)
          .where('parent_id', '=', id)
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('data_extensions')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('mid', '=', mid)
          .where('category_id', '=', id)
          .executeTakeFirstOrThrow(),
      ]);
      return Number(folders.n) + Number(des.n);
    },
  };
}

export type DataFoldersRepository = ReturnType<typeof dataFoldersRepository>;
