import { randomUUID } from 'node:crypto';
import { ClientFault } from '../../errors/soap-faults.js';
import type { Clock } from '../../setup/directory/clock.js';
import type { DataExtension } from '../../storage/data-extension-records.js';
import { findUnstorableText } from '../../storage/storable-text.js';
import type { Store } from '../../storage/store.js';
import { type BearerContext, checkScope } from '../bearer/authenticate-bearer.js';
import { fieldIndex } from '../data-extensions/prepare-row.js';
import { readRows } from '../data-extensions/read-rows.js';
import { InvalidRowQuery } from '../data-extensions/row-query.js';
import { accountObject, businessUnitObject } from './objects/business-unit.js';
import { dataExtensionObject } from './objects/data-extension.js';
import { dataExtensionFieldObject } from './objects/data-extension-field.js';
import { dataExtensionTemplateObject } from './objects/data-extension-template.js';
import { dataFolderObject } from './objects/data-folder.js';
import { child, children, textOf } from './parse-soap-xml.js';
import { type RetrievableObject, retrieveObjects } from './retrievable-object.js';
import { distinctProperties, retrievePageSizeOf } from './retrieve-page-size.js';
import { rowFilterOf } from './row-condition-of-filter.js';
import { FilterFault, isSoapFilter, parseSoapFilter, RetrieveError, type SoapFilter } from './soap-filter.js';
import { propertiesXml, retrieveResponse } from './soap-response.js';

interface RetrieveSpec {
  readonly objectType: string;
  readonly properties: readonly string[];
  readonly filter: SoapFilter | null;
  readonly page: number;
  readonly mid: number;
  readonly queryAllAccounts: boolean;
}

/** MoreDataAvailable: the RequestID carries where the next batch starts (ContinueRequest). */
const continuationOf = (spec: RetrieveSpec) => `c.${Buffer.from(JSON.stringify(spec)).toString('base64url')}`;

/** The id comes back from the caller: every field is checked before it is trusted. */
function isRetrieveSpec(value: unknown, mid: number): value is RetrieveSpec {
  const spec = value as Partial<RetrieveSpec> | null;
  return (
    typeof spec === 'object' &&
    spec !== null &&
    spec.mid === mid &&
    typeof spec.objectType === 'string' &&
    (spec.filter === null || isSoapFilter(spec.filter)) &&
    typeof spec.queryAllAccounts === 'boolean' &&
    Array.isArray(spec.properties) &&
    spec.properties.every((p) => typeof p === 'string') &&
    Number.isSafeInteger(spec.page) &&
    (spec.page ?? 0) >= 1
  );
}

function specFromContinuation(id: string, mid: number): RetrieveSpec {
  let spec: unknown;
  try {
    spec = id.startsWith('c.') ? JSON.parse(Buffer.from(id.slice(2), 'base64url').toString('utf8')) : null;
  } catch {
    spec = null;
  }
  if (isRetrieveSpec(spec, mid)) return spec;
  throw new RetrieveError('The ContinueRequest id is not valid for this business unit.');
}

/** Every metadata object a Retrieve answers, by `ObjectType` (case-sensitive, as Marketing Cloud's). */
export const RETRIEVABLE_OBJECTS: ReadonlyMap<string, RetrievableObject<unknown>> = new Map(
  (
    [
      dataExtensionObject,
      dataExtensionFieldObject,
      dataExtensionTemplateObject,
      dataFolderObject,
      businessUnitObject,
      accountObject,
    ] as unknown as RetrievableObject<unknown>[]
  ).map((o) => [o.objectType, o]),
);

const isTrue = (node: unknown) => ['true', '1'].includes(textOf(node)?.trim().toLowerCase() ?? '');

/**
 * `Retrieve` of the metadata objects ({@link RETRIEVABLE_OBJECTS}) and `DataExtensionObject[key]`
 * in the token's BU. Each object type checks its own scope (a {@link BearerRejected}, a fault).
 */
export async function soapRetrieve(
  store: Store,
  clock: Clock,
  bearer: BearerContext,
  request: unknown,
): Promise<string> {
  try {
    const continueId = textOf(child(request, 'ContinueRequest'));
    const spec: RetrieveSpec = continueId
      ? specFromContinuation(continueId, bearer.mid)
      : {
          objectType: textOf(child(request, 'ObjectType')) ?? '',
          properties: distinctProperties(children(request, 'Properties').map((p) => textOf(p) ?? '')),
          filter: parseSoapFilter(child(request, 'Filter')) ?? null,
          page: 1,
          mid: bearer.mid,
          queryAllAccounts: isTrue(child(request, 'QueryAllAccounts')),
        };
    // Checked before any lookup or echo: PostgreSQL refuses a NUL in a key, and XML cannot carry one.
    const unstorable = findUnstorableText(spec);
    if (unstorable?.path === 'objectType')
      throw new RetrieveError('The data extension of the ObjectType was not found in this business unit.');
    if (unstorable) throw new RetrieveError(`${unstorable.path} must not contain ${unstorable.problem}.`);
    const object = RETRIEVABLE_OBJECTS.get(spec.objectType);
    if (object) {
      checkScope(bearer, object.scope);
      const { xml, more } = await retrieveObjects(
        { store, bearer, clock, queryAllAccounts: spec.queryAllAccounts },
        object,
        { properties: spec.properties, filter: spec.filter ?? undefined, page: spec.page },
      );
      return more
        ? retrieveResponse('MoreDataAvailable', continuationOf({ ...spec, page: spec.page + 1 }), xml)
        : retrieveResponse('OK', randomUUID(), xml);
    }
    const match = /^DataExtensionObject\[(.+)\]$/.exec(spec.objectType);
    if (!match?.[1]) {
      throw new RetrieveError(
        `Unable to find a handler for object type: ${spec.objectType}. Object types are case-sensitive, check spelling.`,
      );
    }
    checkScope(bearer, 'data_extensions_read');
    // By external key, else by name: FuelSDK's ET_DataExtension_Row retrieves
    // `DataExtensionObject[{Name}]` (sfmc-fuelsdk-node lib/objects/DataExtensionRow.js).
    const named = match[1].toLowerCase();
    const de =
      (await store.dataExtensions.findDataExtensionByKey(bearer.mid, match[1])) ??
      (await store.dataExtensions.listDataExtensions(bearer.tenant.tenant.id, bearer.mid)).find(
        (d) => d.name.toLowerCase() === named,
      );
    if (!de) throw new RetrieveError(`Data extension ${match[1]} was not found in this business unit.`);
    return await retrieveRows(store, de, spec);
  } catch (err) {
    if (err instanceof RetrieveError || err instanceof InvalidRowQuery) {
      return retrieveResponse(`Error: ${err.message}`, randomUUID(), '');
    }
    if (err instanceof FilterFault) throw new ClientFault(err.message);
    throw err;
  }
}

async function retrieveRows(store: Store, de: DataExtension, spec: RetrieveSpec): Promise<string> {
  const fields = fieldIndex(de);
  // 1 000 × <Properties>Id</Properties> would repeat a column 1 000 times in every row.
  const properties = distinctProperties(spec.properties);
  if (properties.length > de.fields.length) {
    throw new RetrieveError(
      `The request names ${properties.length} distinct properties; data extension ${de.key} has ${de.fields.length} columns.`,
    );
  }
  const selected =
    properties.length === 0
      ? de.fields
      : properties.map((name) => {
          const field = fields.get(name.toLowerCase());
          if (!field)
            throw new RetrieveError(`The column [${name}] does not exist in data extension ${de.key}.`);
          return field;
        });
  const filter = rowFilterOf(de, spec.filter ?? undefined);
  const pageSize = retrievePageSizeOf(selected);
  const page = await readRows(store, de, {
    page: spec.page,
    pageSize,
    filter: filter.kind === 'equals' ? filter.clauses : [],
    ...(filter.kind === 'condition' ? { where: filter.condition } : {}),
    orderBy: [],
  });
  const results = page.rows
    .map(
      (values) =>
        '<Results xsi:type="DataExtensionObject"><PartnerKey xsi:nil="true"/><ObjectID xsi:nil="true"/>' +
        '<Type>DataExtensionObject</Type>' +
        propertiesXml(selected.map((f) => [f.name, values[f.name] ?? ''] as const)) +
        '</Results>',
    )
    .join('');
  const more = spec.page * pageSize < page.count;
  return more
    ? retrieveResponse('MoreDataAvailable', continuationOf({ ...spec, page: spec.page + 1 }), results)
    : retrieveResponse('OK', randomUUID(), results);
}
