import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_FOLDERS } from '../../src/setup/folders/system-folders.js';
import { dataFoldersMigration } from '../../src/storage/migrations/012-data-folders.js';
import { openStore, type Store } from '../../src/storage/store.js';
import { BACKENDS, POSTGRES_URL } from '../support/backends.js';

/**
 * Migration 012 (issue 13) on a store that held BUs and Data Extensions before it: every BU gets
 * its root folders and its Data Extensions are filed in its "Data Extensions" root.
 */
describe.each(BACKENDS.map((b) => b.name))('migration 012 on %s', (name) => {
  let store: Store;
  const dataDir = mkdtempSync(join(tmpdir(), 'packgate-folders-'));
  const schema = `packgate_folders_${randomBytes(5).toString('hex')}`;
  const now = 1_790_000_000_000;
  const tenantId = randomUUID();
  const top = 30_000_000 + Math.floor(Math.random() * 1000);
  const child = top + 5000;

  beforeAll(async () => {
    store =
      name === 'postgres'
        ? await openStore({ databaseUrl: POSTGRES_URL, postgresSchema: schema })
        : await openStore({ dataDir });
    await store.tenants.insertTenant({
      id: tenantId,
      subdomain: `mc${'f'.repeat(20)}${randomBytes(3).toString('hex')}`,
      eid: top,
      name: 'T',
      createdAt: now,
    });
    await store.tenants.insertBusinessUnit({
      mid: top,
      tenantId,
      name: 'Top',
      parentMid: null,
      createdAt: now,
    });
    await store.tenants.insertBusinessUnit({
      mid: child,
      tenantId,
      name: 'Child',
      parentMid: top,
      createdAt: now,
    });
    for (const [mid, key] of [
      [top, 'A'],
      [child, 'B'],
    ] as const) {
      await store.dataExtensions.insertDataExtension({
        id: randomUUID(),
        tenantId,
        mid,
        name: key,
        key,
        fields: [{ name: 'Id', type: 'Text', isPrimaryKey: true, isRequired: true }],
        createdAt: now,
      });
    }
    // Back to the schema before 012, keeping the rows, then migrate again.
    await store.db.schema.dropTable('data_folders').execute();
    for (const column of ['description', 'category_id', 'modified_at', 'settings']) {
      await sql`alter table data_extensions drop column ${sql.ref(column)}`.execute(store.db);
    }
    await dataFoldersMigration({ dialect: store.dialect }).up(store.db as never);
  });
  afterAll(async () => {
    if (name === 'postgres') await store.db.schema.dropSchema(schema).ifExists().cascade().execute();
    await store?.close();
  });

  it('gives every BU its root folders and files its Data Extensions in the Data Extensions root', async () => {
    for (const mid of [top, child]) {
      const folders = await store.dataFolders.listFolders(tenantId, [mid]);
      expect(folders.map((f) => f.customerKey).sort()).toEqual(
        SYSTEM_FOLDERS.map((f) => f.customerKey).sort(),
      );
      expect(folders.every((f) => f.isSystem && f.parentId === 0)).toBe(true);
      const root = folders.find((f) => f.contentType === 'dataextension');
      const [de] = await store.dataExtensions.listDataExtensions(tenantId, mid);
      expect(de?.categoryId).toBe(root?.id);
      expect(de?.description).toBe('');
      expect(de?.modifiedAt).toBe(now);
    }
  });
});
