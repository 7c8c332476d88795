import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../app-context.js';
import { ClientFault } from '../../errors/soap-faults.js';
import type { Actor } from '../../setup/audit.js';
import type { DataExtension } from '../../storage/data-extension-records.js';
import { isStorableText } from '../../storage/storable-text.js';
import type { Repositories } from '../../storage/store.js';
import type { BearerContext } from '../bearer/authenticate-bearer.js';
import { MAX_ASYNC_ITEMS } from '../data-extensions/async-processor.js';
import { deleteRowsIn, type WriteMode, writeRowsIn } from '../data-extensions/write-rows.js';
import { child, children, textOf, xsiTypeOf } from './parse-soap-xml.js';
import { writeDataExtension, writeDataFolder } from './soap-metadata-write.js';
import { element, type ObjectResult, propertiesXml, writeResponse } from './soap-response.js';

export type WriteOperation = 'Create' | 'Update' | 'Delete';

class RolledBack extends Error {}

/** `Name`/`Value` pairs of `Properties>Property` and `Keys>Key` as one column map. */
function columnsOf(object: unknown): Record<string, string> {
  const columns: Record<string, string> = {};
  const pairs = [
    ...children(object, 'Properties').flatMap((p) => children(p, 'Property')),
    ...children(child(object, 'Keys'), 'Key'),
  ];
  for (const pair of pairs) {
    const name = textOf(child(pair, 'Name'));
    if (name) columns[name] = textOf(child(pair, 'Value')) ?? '';
  }
  return columns;
}

/** `Options>SaveOptions>SaveOption>SaveAction` = UpdateAdd turns Create/Update into an upsert. */
function isUpdateAdd(request: unknown): boolean {
  const saveOptions = child(child(request, 'Options'), 'SaveOptions');
  const options = children(saveOptions, 'SaveOption');
  return options.some((o) => textOf(child(o, 'SaveAction'))?.toLowerCase() === 'updateadd');
}

/** What names an object's Data Extension (for looking each one up once per request). */
function targetRefOf(object: unknown): string {
  const key = textOf(child(object, 'CustomerKey'));
  return key ? `key:${key.toLowerCase()}` : `name:${textOf(child(object, 'Name'))?.toLowerCase() ?? ''}`;
}

/** The row object's Data Extension, by `CustomerKey` or else `Name`, in the token's BU. */
async function findTarget(
  repos: Repositories,
  bearer: BearerContext,
  object: unknown,
): Promise<DataExtension | undefined> {
  const key = textOf(child(object, 'CustomerKey'));
  // A key no store keeps as sent (a NUL, an unpaired surrogate) names nothing: PostgreSQL would refuse it.
  if (key)
    return isStorableText(key) ? repos.dataExtensions.findDataExtensionByKey(bearer.mid, key) : undefined;
  const name = textOf(child(object, 'Name'))?.toLowerCase();
  if (!name) return undefined;
  const all = await repos.dataExtensions.listDataExtensions(bearer.tenant.tenant.id, bearer.mid);
  return all.find((de) => de.name.toLowerCase() === name);
}

/**
 * `Create`, `Update`, `Delete` of `DataExtensionObject`, `DataExtension` and `DataFolder`.
 * Row objects are all-or-nothing: one transaction, and if any object fails none is saved;
 * each definition and folder object is its own transaction, as in Marketing Cloud.
 */
export async function soapWrite(
  ctx: AppContext,
  bearer: BearerContext,
  operation: WriteOperation,
  request: unknown,
  who: Actor,
): Promise<string> {
  const objects = children(request, 'Objects');
  if (objects.length === 0) throw new ClientFault(`${operation} needs at least one Objects element.`);
  if (objects.length > MAX_ASYNC_ITEMS) {
    // 5 MB of `<Objects/>` would otherwise answer ~100 MB of results.
    throw new ClientFault(
      `A request holds at most ${MAX_ASYNC_ITEMS} objects; this one has ${objects.length}. Split it.`,
    );
  }
  const results: ObjectResult[] = [];
  const rowObjects: Array<{ ordinal: number; object: unknown }> = [];
  for (const [ordinal, object] of objects.entries()) {
    const type = xsiTypeOf(object);
    if (type === 'DataExtension') {
      results[ordinal] = await writeDataExtension(ctx, bearer, operation, object, ordinal, who);
    } else if (type === 'DataFolder') {
      results[ordinal] = await writeDataFolder(ctx, bearer, operation, object, ordinal, who);
    } else if (type === 'DataExtensionObject') rowObjects.push({ ordinal, object });
    else {
      results[ordinal] = {
        ordinal,
        ok: false,
        message: `${operation} of ${type ?? 'an object without xsi:type'} is not supported.`,
      };
    }
  }
  if (rowObjects.length > 0) await writeRowObjects(ctx, bearer, operation, request, rowObjects, results);
  const name = `${operation}Response`;
  return writeResponse(name, randomUUID(), results);
}

async function writeRowObjects(
  ctx: AppContext,
  bearer: BearerContext,
  operation: WriteOperation,
  request: unknown,
  rowObjects: ReadonlyArray<{ ordinal: number; object: unknown }>,
  results: ObjectResult[],
): Promise<void> {
  const mode: WriteMode = isUpdateAdd(request) ? 'upsert' : operation === 'Create' ? 'insert' : 'update';
  const verb = operation === 'Create' ? 'Created' : operation === 'Update' ? 'Updated' : 'Deleted';
  const now = ctx.clock.now();
  try {
    await ctx.store.transaction(async (repos) => {
      // One write per Data Extension, not per object: a 5 MB request holds tens of thousands.
      const batches = new Map<
        string,
        { de: DataExtension; members: Array<{ ordinal: number; columns: Record<string, string> }> }
      >();
      const targets = new Map<string, Promise<DataExtension | undefined>>();
      for (const { ordinal, object } of rowObjects) {
        const ref = targetRefOf(object);
        let target = targets.get(ref);
        if (target === undefined) {
          target = findTarget(repos, bearer, object);
          targets.set(ref, target);
        }
        const de = await target;
        if (!de) {
          results[ordinal] = {
            ordinal,
            ok: false,
            message: 'The data extension was not found in this business unit (CustomerKey or Name).',
          };
          continue;
        }
        const batch = batches.get(de.id) ?? { de, members: [] };
        batch.members.push({ ordinal, columns: columnsOf(object) });
        batches.set(de.id, batch);
      }
      for (const { de, members } of batches.values()) {
        const rows = members.map((m) => m.columns);
        const outcomes =
          operation === 'Delete'
            ? await deleteRowsIn(repos, de, rows, { atomic: false })
            : await writeRowsIn(repos, de, rows, { mode, atomic: false, now });
        members.forEach(({ ordinal }, i) => {
          const outcome = outcomes[i];
          const problems = (outcome?.problems ?? []).map((p) => p.replace(/^Row \d+: /, ''));
          results[ordinal] =
            problems.length > 0
              ? { ordinal, ok: false, message: problems.join(' ') }
              : {
                  ordinal,
                  ok: true,
                  message: `${verb} DataExtensionObject`,
                  ...(operation === 'Delete'
                    ? {}
                    : {
                        objectXml:
                          '<Object xsi:type="DataExtensionObject"><PartnerKey xsi:nil="true"/><ObjectID xsi:nil="true"/>' +
                          element('CustomerKey', de.key) +
                          propertiesXml(
                            de.fields.map((f) => [f.name, outcome?.values?.[f.name] ?? ''] as const),
                          ) +
                          '</Object>',
                      }),
                };
        });
      }
      if (rowObjects.some(({ ordinal }) => !results[ordinal]?.ok)) throw new RolledBack();
    });
  } catch (err) {
    if (!(err instanceof RolledBack)) throw err;
    for (const { ordinal } of rowObjects) {
      const r = results[ordinal];
      if (r?.ok)
        results[ordinal] = {
          ordinal,
          ok: false,
          message: 'Not saved: another object in this request failed.',
        };
    }
  }
}
