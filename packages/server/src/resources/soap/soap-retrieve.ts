import { randomUUID } from 'node:crypto';
import type { DataExtension, DataExtensionField } from '../../storage/data-extension-records.js';
import { findUnstorableText } from '../../storage/storable-text.js';
import type { Store } from '../../storage/store.js';
import type { BearerContext } from '../bearer/authenticate-bearer.js';
import { fieldIndex } from '../data-extensions/prepare-row.js';
import { readRows } from '../data-extensions/read-rows.js';
import { type EqualityClause, InvalidRowQuery, parseFilter } from '../data-extensions/row-query.js';
import { child, children, textOf } from './parse-soap-xml.js';
import { distinctProperties, retrievePageSizeOf } from './retrieve-page-size.js';
import { filterToText, RetrieveError } from './soap-filter.js';
import { element, propertiesXml, retrieveResponse } from './soap-response.js';

/** What a `Retrieve` of `DataExtension` can filter on, described as fields for {@link parseFilter}. */
const DATA_EXTENSION_PROPERTIES: DataExtension = {
  id: 'DataExtension',
  tenantId: '',
  mid: 0,
  name: 'DataExtension',
  key: 'DataExtension',
  fields: ['CustomerKey', 'Name'].map((name) => ({
    name,
    type: 'Text',
    isPrimaryKey: false,
    isRequired: false,
  })),
  createdAt: 0,
};

interface RetrieveSpec {
  readonly objectType: string;
  readonly properties: readonly string[];
  readonly filter: string;
  readonly page: number;
  readonly mid: number;
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
    typeof spec.filter === 'string' &&
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

/** `Retrieve` of `DataExtension` and `DataExtensionObject[key]` in the token's BU. */
export async function soapRetrieve(store: Store, bearer: BearerContext, request: unknown): Promise<string> {
  try {
    const continueId = textOf(child(request, 'ContinueRequest'));
    const spec: RetrieveSpec = continueId
      ? specFromContinuation(continueId, bearer.mid)
      : {
          objectType: textOf(child(request, 'ObjectType')) ?? '',
          properties: distinctProperties(children(request, 'Properties').map((p) => textOf(p) ?? '')),
          filter: filterToText(child(request, 'Filter')),
          page: 1,
          mid: bearer.mid,
        };
    // Checked before any lookup or echo: PostgreSQL refuses a NUL in a key, and XML cannot carry one.
    const unstorable = findUnstorableText(spec);
    if (unstorable?.path === 'objectType')
      throw new RetrieveError('The data extension of the ObjectType was not found in this business unit.');
    if (unstorable) throw new RetrieveError(`${unstorable.path} must not contain ${unstorable.problem}.`);
    if (spec.objectType === 'DataExtension') return await retrieveDataExtensions(store, bearer, spec);
    const match = /^DataExtensionObject\[(.+)\]$/.exec(spec.objectType);
    if (!match?.[1]) {
      throw new RetrieveError(
        `Unsupported object type "${spec.objectType}": use DataExtension or DataExtensionObject[key].`,
      );
    }
    const de = await store.dataExtensions.findDataExtensionByKey(bearer.mid, match[1]);
    if (!de) throw new RetrieveError(`Data extension ${match[1]} was not found in this business unit.`);
    return await retrieveRows(store, de, spec);
  } catch (err) {
    if (err instanceof RetrieveError || err instanceof InvalidRowQuery) {
      return retrieveResponse(`Error: ${err.message}`, randomUUID(), '');
    }
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
  const filter = spec.filter ? parseFilter(de, spec.filter) : [];
  const pageSize = retrievePageSizeOf(selected);
  const page = await readRows(store, de, {
    page: spec.page,
    pageSize,
    filter,
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

async function retrieveDataExtensions(
  store: Store,
  bearer: BearerContext,
  spec: RetrieveSpec,
): Promise<string> {
  let wanted: EqualityClause[];
  try {
    // The one filter parser, over the two properties a DataExtension can be filtered on.
    wanted = spec.filter ? parseFilter(DATA_EXTENSION_PROPERTIES, spec.filter) : [];
  } catch (err) {
    if (!(err instanceof InvalidRowQuery)) throw err;
    throw new RetrieveError('DataExtension filters support CustomerKey and Name.');
  }
  const propertyOf = (de: DataExtension, field: DataExtensionField) =>
    (field.name === 'Name' ? de.name : de.key).toLowerCase();
  const all = await store.dataExtensions.listDataExtensions(bearer.tenant.tenant.id, bearer.mid);
  const results = all
    .filter((de) => wanted.every((w) => propertyOf(de, w.field) === w.value?.toLowerCase()))
    .map(
      (de) =>
        '<Results xsi:type="DataExtension"><PartnerKey xsi:nil="true"/>' +
        element('ObjectID', de.id) +
        element('CustomerKey', de.key) +
        element('Name', de.name) +
        '<IsSendable>false</IsSendable></Results>',
    )
    .join('');
  return retrieveResponse('OK', randomUUID(), results);
}
