/**
 * Marketing Cloud's folder content types (DataFolder `ContentType`) and the root folders a new
 * business unit has, one per content type. Roots have no parent (`ParentFolder.ID` 0), cannot be
 * edited or deleted, and take children of their own content type.
 */
export const FOLDER_CONTENT_TYPES = [
  'dataextension',
  'hidden',
  'shared_data',
  'shared_dataextension',
  'salesforcedataextension',
  'synchronizeddataextension',
  'asset',
  'queryactivity',
  'automations',
] as const;
export type FolderContentType = (typeof FOLDER_CONTENT_TYPES)[number];

export interface SystemFolder {
  readonly contentType: FolderContentType;
  readonly name: string;
  readonly customerKey: string;
}

export const SYSTEM_FOLDERS: readonly SystemFolder[] = [
  { contentType: 'dataextension', name: 'Data Extensions', customerKey: 'dataextension_default' },
  { contentType: 'hidden', name: 'Hidden Data Extensions', customerKey: 'hidden_default' },
  { contentType: 'shared_data', name: 'Shared Items', customerKey: 'shared_data_default' },
  {
    contentType: 'shared_dataextension',
    name: 'Shared Data Extensions',
    customerKey: 'shared_dataextension_default',
  },
  {
    contentType: 'salesforcedataextension',
    name: 'Salesforce Data Extensions',
    customerKey: 'salesforcedataextension_default',
  },
  {
    contentType: 'synchronizeddataextension',
    name: 'Synchronized Data Extensions',
    customerKey: 'synchronizeddataextension_default',
  },
  { contentType: 'asset', name: 'Content Builder', customerKey: 'asset_default' },
  { contentType: 'queryactivity', name: 'Query', customerKey: 'queryactivity_default' },
  { contentType: 'automations', name: 'my automations', customerKey: 'automations_default' },
];

/** Content types a Data Extension can be filed under (`CategoryID`). */
export const DATA_EXTENSION_CONTENT_TYPES: ReadonlySet<string> = new Set([
  'dataextension',
  'shared_dataextension',
  'salesforcedataextension',
  'synchronizeddataextension',
  'hidden',
]);
