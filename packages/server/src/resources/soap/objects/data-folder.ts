import type { DataFolder } from '../../../storage/data-folder-records.js';
import type { RetrievableObject, RetrieveContext } from '../retrievable-object.js';

export interface FolderInTree {
  readonly folder: DataFolder;
  readonly parent: DataFolder | undefined;
}

/**
 * The token's BU's folders; with `QueryAllAccounts`, also the shared folders (`shared_*`
 * content types) of the enterprise BU, which Marketing Cloud shows to every BU.
 */
async function visibleFolders(ctx: RetrieveContext): Promise<FolderInTree[]> {
  const { tenant } = ctx.bearer.tenant;
  const mids =
    ctx.queryAllAccounts && ctx.bearer.mid !== tenant.eid ? [ctx.bearer.mid, tenant.eid] : [ctx.bearer.mid];
  const all = await ctx.store.dataFolders.listFolders(tenant.id, mids);
  const byId = new Map(all.map((f) => [f.id, f]));
  return all
    .filter((f) => f.mid === ctx.bearer.mid || f.contentType.startsWith('shared_'))
    .map((folder) => ({ folder, parent: byId.get(folder.parentId) }));
}

/** `DataFolder`: Marketing Cloud's folder tree, per BU. */
export const dataFolderObject: RetrievableObject<FolderInTree> = {
  objectType: 'DataFolder',
  scope: 'data_extensions_read',
  isCreatable: true,
  isUpdatable: true,
  isDeletable: true,
  properties: {
    'Client.ID': { type: 'Number', get: (f) => f.folder.mid },
    ID: { type: 'Number', get: (f) => f.folder.id },
    ObjectID: { type: 'Text', get: () => null },
    CustomerKey: { type: 'Text', get: (f) => f.folder.customerKey },
    'ParentFolder.ID': { type: 'Number', get: (f) => f.folder.parentId },
    'ParentFolder.CustomerKey': { type: 'Text', get: (f) => f.parent?.customerKey ?? null },
    'ParentFolder.Name': { type: 'Text', get: (f) => f.parent?.name ?? null },
    Name: { type: 'Text', get: (f) => f.folder.name },
    Description: { type: 'Text', get: (f) => f.folder.description },
    ContentType: { type: 'Text', get: (f) => f.folder.contentType },
    IsActive: { type: 'Boolean', get: () => true },
    IsEditable: { type: 'Boolean', get: (f) => !f.folder.isSystem },
    AllowChildren: { type: 'Boolean', get: (f) => f.folder.allowChildren },
    CreatedDate: { type: 'Date', get: (f) => f.folder.createdAt },
    ModifiedDate: { type: 'Date', get: (f) => f.folder.modifiedAt },
    Type: { type: 'Text', get: () => null, filterable: false },
  },
  list: visibleFolders,
};
