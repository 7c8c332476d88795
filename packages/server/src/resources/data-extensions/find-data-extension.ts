import { ResourceNotFound } from '../../errors/resource-errors.js';
import type { DataExtension } from '../../storage/data-extension-records.js';
import type { Store } from '../../storage/store.js';

/**
 * The Data Extension a URL names — `key:{external key}` or its id — in the token's BU only:
 * another BU's Data Extension is as unknown as a missing one.
 */
export async function findDataExtension(store: Store, mid: number, target: string): Promise<DataExtension> {
  const byKey = /^key:(.+)$/i.exec(target);
  const de = byKey?.[1]
    ? await store.dataExtensions.findDataExtensionByKey(mid, byKey[1])
    : await store.dataExtensions.findDataExtensionById(mid, target);
  if (!de) throw new ResourceNotFound(`Data extension ${target} was not found in this business unit.`);
  return de;
}
