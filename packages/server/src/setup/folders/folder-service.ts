import type { DataFolder } from '../../storage/data-folder-records.js';
import { isStorableText } from '../../storage/storable-text.js';
import type { Repositories } from '../../storage/store.js';
import { type Actor, recordAudit } from '../audit.js';
import { DATA_EXTENSION_CONTENT_TYPES, SYSTEM_FOLDERS } from './system-folders.js';

/** A folder change Marketing Cloud refuses; the message is what its SOAP API reports. */
export class InvalidFolder extends Error {}

/** The root folders of a new BU (called where a BU is created, in the same transaction). */
export async function createSystemFolders(
  repos: Repositories,
  tenantId: string,
  mid: number,
  now: number,
): Promise<void> {
  for (const folder of SYSTEM_FOLDERS) {
    await repos.dataFolders.insertFolder({
      tenantId,
      mid,
      parentId: 0,
      name: folder.name,
      customerKey: folder.customerKey,
      contentType: folder.contentType,
      description: '',
      isSystem: true,
      allowChildren: true,
      createdAt: now,
      modifiedAt: now,
    });
  }
}

const NAME_MAX_LENGTH = 200;
const KEY_PATTERN = /^[A-Za-z0-9_. -]{1,200}$/;

function checkName(name: string): void {
  if (name.trim() === '') throw new InvalidFolder('The folder Name is required.');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
  if (name.length > NAME_MAX_LENGTH || !isStorableText(name) || /[\u0000-\u001f]/.test(name))
    throw new InvalidFolder(`The folder Name must be 1–${NAME_MAX_LENGTH} printable characters.`);
}

function checkKey(key: string | null): void {
  if (key !== null && !KEY_PATTERN.test(key))
    throw new InvalidFolder('The folder CustomerKey: letters, digits, spaces, _ . -, 1–200 characters.');
}

async function checkSiblingName(
  repos: Repositories,
  folder: { tenantId: string; mid: number; parentId: number; name: string; id?: number },
): Promise<void> {
  const siblings = (await repos.dataFolders.listFolders(folder.tenantId, [folder.mid])).filter(
    (f) => f.parentId === folder.parentId && f.id !== folder.id,
  );
  if (siblings.some((f) => f.name.toLowerCase() === folder.name.toLowerCase()))
    throw new InvalidFolder(`A folder named ${folder.name} already exists in the parent folder.`);
}

async function checkKeyFree(
  repos: Repositories,
  mid: number,
  key: string | null,
  id?: number,
): Promise<void> {
  if (key === null) return;
  const taken = await repos.dataFolders.findFolderByKey(mid, key);
  if (taken && taken.id !== id)
    throw new InvalidFolder(`A folder with the CustomerKey ${key} already exists in this business unit.`);
}

/** The parent a folder goes under: in the same BU, taking children, of the same content type. */
async function parentOf(repos: Repositories, mid: number, parentId: number): Promise<DataFolder> {
  if (parentId === 0) throw new InvalidFolder('Root folders cannot be created: give a ParentFolder ID.');
  const parent = await repos.dataFolders.findFolder(mid, parentId);
  if (!parent) throw new InvalidFolder(`The parent folder ${parentId} was not found in this business unit.`);
  if (!parent.allowChildren)
    throw new InvalidFolder(`The parent folder ${parentId} does not allow children.`);
  return parent;
}

export interface FolderInput {
  readonly name: string;
  readonly customerKey: string | null;
  readonly description: string;
  readonly parentId: number;
  readonly contentType: string | undefined;
  readonly allowChildren: boolean;
}

export async function createFolder(
  repos: Repositories,
  who: Actor,
  tenantId: string,
  mid: number,
  input: FolderInput,
  now: number,
): Promise<DataFolder> {
  checkName(input.name);
  checkKey(input.customerKey);
  const parent = await parentOf(repos, mid, input.parentId);
  const contentType = input.contentType?.toLowerCase() ?? parent.contentType;
  if (contentType !== parent.contentType)
    throw new InvalidFolder(
      `The ContentType ${contentType} does not match the parent folder's (${parent.contentType}).`,
    );
  await checkSiblingName(repos, { tenantId, mid, parentId: parent.id, name: input.name });
  await checkKeyFree(repos, mid, input.customerKey);
  const folder = await repos.dataFolders.insertFolder({
    tenantId,
    mid,
    parentId: parent.id,
    name: input.name,
    customerKey: input.customerKey,
    contentType,
    description: input.description,
    isSystem: false,
    allowChildren: input.allowChildren,
    createdAt: now,
    modifiedAt: now,
  });
  await recordAudit(repos, who, {
    tenantId,
    action: 'data_folder.created',
    target: String(folder.id),
    details: { mid, name: folder.name, contentType, parentId: parent.id },
    at: now,
  });
  return folder;
}

/** Finds a folder of the BU by ID, or else by CustomerKey. */
export async function findFolder(
  repos: Repositories,
  mid: number,
  ref: { id?: number | undefined; customerKey?: string | undefined },
): Promise<DataFolder> {
  const folder =
    ref.id !== undefined
      ? await repos.dataFolders.findFolder(mid, ref.id)
      : ref.customerKey !== undefined && isStorableText(ref.customerKey)
        ? await repos.dataFolders.findFolderByKey(mid, ref.customerKey)
        : undefined;
  if (!folder) throw new InvalidFolder('The folder was not found in this business unit (ID or CustomerKey).');
  return folder;
}

export async function updateFolder(
  repos: Repositories,
  who: Actor,
  folder: DataFolder,
  change: Partial<Pick<FolderInput, 'name' | 'customerKey' | 'description' | 'parentId' | 'allowChildren'>>,
  now: number,
): Promise<DataFolder> {
  if (folder.isSystem)
    throw new InvalidFolder(`The folder ${folder.name} is a system folder and cannot be changed.`);
  const next: DataFolder = {
    ...folder,
    ...(change.name !== undefined ? { name: change.name } : {}),
    ...(change.customerKey !== undefined ? { customerKey: change.customerKey } : {}),
    ...(change.description !== undefined ? { description: change.description } : {}),
    ...(change.parentId !== undefined ? { parentId: change.parentId } : {}),
    ...(change.allowChildren !== undefined ? { allowChildren: change.allowChildren } : {}),
    modifiedAt: now,
  };
  checkName(next.name);
  checkKey(next.customerKey);
  if (next.parentId !== folder.parentId) {
    const parent = await parentOf(repos, folder.mid, next.parentId);
    if (parent.contentType !== folder.contentType)
      throw new InvalidFolder(
        `The folder cannot move under a folder of another ContentType (${parent.contentType}).`,
      );
    // A folder cannot move under itself or one of its own descendants.
    const all = await repos.dataFolders.listFolders(folder.tenantId, [folder.mid]);
    const byId = new Map(all.map((f) => [f.id, f]));
    for (let at: DataFolder | undefined = parent; at; at = byId.get(at.parentId)) {
      if (at.id === folder.id) throw new InvalidFolder('A folder cannot move into itself or its subfolders.');
      if (at.parentId === 0) break;
    }
  }
  await checkSiblingName(repos, next);
  await checkKeyFree(repos, folder.mid, next.customerKey, folder.id);
  await repos.dataFolders.updateFolder(next);
  await recordAudit(repos, who, {
    tenantId: folder.tenantId,
    action: 'data_folder.updated',
    target: String(folder.id),
    details: { mid: folder.mid, name: next.name, parentId: next.parentId },
    at: now,
  });
  return next;
}

export async function deleteFolder(
  repos: Repositories,
  who: Actor,
  folder: DataFolder,
  now: number,
): Promise<void> {
  if (folder.isSystem)
    throw new InvalidFolder(`The folder ${folder.name} is a system folder and cannot be deleted.`);
  if ((await repos.dataFolders.countContents(folder.mid, folder.id)) > 0)
    throw new InvalidFolder(`The folder ${folder.name} is not empty: move or delete its contents first.`);
  await repos.dataFolders.deleteFolder(folder.mid, folder.id);
  await recordAudit(repos, who, {
    tenantId: folder.tenantId,
    action: 'data_folder.deleted',
    target: String(folder.id),
    details: { mid: folder.mid, name: folder.name },
    at: now,
  });
}

/**
 * The folder a Data Extension is filed in: `CategoryID` when given (a Data Extension folder of
 * the BU), else the BU's "Data Extensions" root.
 */
export async function dataExtensionFolderOf(
  repos: Repositories,
  tenantId: string,
  mid: number,
  categoryId: number | undefined,
): Promise<number | null> {
  if (categoryId === undefined) {
    const root = await repos.dataFolders.findFolderByKey(mid, 'dataextension_default');
    return root?.id ?? null;
  }
  const folder = await repos.dataFolders.findFolder(mid, categoryId);
  if (!folder || folder.tenantId !== tenantId || !DATA_EXTENSION_CONTENT_TYPES.has(folder.contentType))
    throw new InvalidFolder(
      `The CategoryID ${categoryId} is not a data extension folder of this business unit.`,
    );
  return folder.id;
}
