/** DataFolder records (issue 13), camelCase. */
export interface DataFolder {
  /** Marketing Cloud's folder ID (an integer). */
  readonly id: number;
  readonly tenantId: string;
  readonly mid: number;
  /** 0 for a root folder. */
  readonly parentId: number;
  readonly name: string;
  readonly customerKey: string | null;
  readonly contentType: string;
  readonly description: string;
  /** A BU's root folders: neither editable nor deletable. */
  readonly isSystem: boolean;
  readonly allowChildren: boolean;
  readonly createdAt: number;
  readonly modifiedAt: number;
}

export type NewDataFolder = Omit<DataFolder, 'id'>;
