import { escapeXml } from '../../errors/soap-faults.js';
import type { Clock } from '../../setup/directory/clock.js';
import type { Store } from '../../storage/store.js';
import type { BearerContext } from '../bearer/authenticate-bearer.js';
import {
  checkSoapFilter,
  matchSoapFilter,
  type PropertyType,
  type PropertyValue,
} from './match-soap-filter.js';
import { RetrieveError, type SoapFilter } from './soap-filter.js';

/** What a Retrieve of a metadata object runs with. */
export interface RetrieveContext {
  readonly store: Store;
  readonly bearer: BearerContext;
  readonly clock: Clock;
  /** `QueryAllAccounts`: the objects of every BU of the tenant the token's BU may see. */
  readonly queryAllAccounts: boolean;
}

export interface PropertyDefinition<T> {
  readonly type: PropertyType;
  /** The value; `null` is no value (the element is left out, as Marketing Cloud does). */
  readonly get: (object: T) => PropertyValue;
  /** False for a property Marketing Cloud answers but does not filter on. Default true. */
  readonly filterable?: boolean;
}

/**
 * One object type a SOAP Retrieve answers (objects/<type>.ts). `properties` are Marketing
 * Cloud's names, dotted for nested objects (`ParentFolder.ID`), in the WSDL's order: results
 * are written in that order whatever the request's.
 */
export interface RetrievableObject<T> {
  readonly objectType: string;
  /** The scope a token needs to retrieve it. */
  readonly scope: string;
  readonly properties: Readonly<Record<string, PropertyDefinition<T>>>;
  /** Every object of the type the context may see (filtered and paged by {@link retrieveObjects}). */
  list(ctx: RetrieveContext): Promise<readonly T[]>;
  /** Marketing Cloud's text for the Describe of the type (DefinitionRequestMsg). */
  readonly isCreatable?: boolean;
  readonly isUpdatable?: boolean;
  readonly isDeletable?: boolean;
}

/** A property name as the object knows it (properties match ignoring case, as Marketing Cloud's do). */
export function findProperty<T>(
  object: RetrievableObject<T>,
  name: string,
): [string, PropertyDefinition<T>] | undefined {
  const wanted = name.toLowerCase();
  for (const entry of Object.entries(object.properties)) {
    if (entry[0].toLowerCase() === wanted) return entry;
  }
  return undefined;
}

/** Marketing Cloud's answer to a property its object does not have. */
export function checkRequestedProperties<T>(
  object: RetrievableObject<T>,
  requested: readonly string[],
): string[] {
  const unknown = requested.filter((p) => !findProperty(object, p));
  if (unknown.length > 0) {
    throw new RetrieveError(
      `The Request Property(s) ${unknown.join(', ')} do not match with the fields of ${object.objectType} retrieve`,
    );
  }
  const names = requested.map((p) => (findProperty(object, p) as [string, unknown])[0]);
  // Results follow the object's order, each property once.
  return Object.keys(object.properties).filter((p) => names.includes(p));
}

/** Central Standard Time without daylight saving, the zone Marketing Cloud's SOAP dates are in. */
const CST_OFFSET_MS = -6 * 3600_000;

/** A date as Marketing Cloud's SOAP API writes it: CST, no offset, milliseconds (`2026-03-01T04:00:00.000`). */
export function soapDateOf(epochMs: number): string {
  return new Date(epochMs + CST_OFFSET_MS).toISOString().replace('Z', '');
}

function textOfValue(type: PropertyType, value: Exclude<PropertyValue, null>): string {
  if (type === 'Date' && typeof value === 'number') return soapDateOf(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

/**
 * The properties of one object as XML: dotted names nest (`Client.ID` → `<Client><ID>…`),
 * siblings of one parent share its element; a property without value is left out.
 */
export function objectXml<T>(object: RetrievableObject<T>, properties: readonly string[], item: T): string {
  const root: Map<string, unknown> = new Map();
  for (const name of properties) {
    const definition = object.properties[name];
    if (!definition) continue;
    const value = definition.get(item);
    if (value === null) continue;
    const path = name.split('.');
    let node = root;
    for (const segment of path.slice(0, -1)) {
      let next = node.get(segment);
      if (!(next instanceof Map)) {
        next = new Map();
        node.set(segment, next);
      }
      node = next as Map<string, unknown>;
    }
    node.set(path.at(-1) as string, textOfValue(definition.type, value));
  }
  const write = (node: Map<string, unknown>): string =>
    [...node.entries()]
      .map(([k, v]) =>
        v instanceof Map ? `<${k}>${write(v)}</${k}>` : `<${k}>${escapeXml(String(v))}</${k}>`,
      )
      .join('');
  return write(root);
}

/** Objects per batch (Marketing Cloud's page size for metadata retrieves). */
export const OBJECTS_PER_BATCH = 2500;

/** A page of objects matching the filter, and whether more follow. */
export async function retrieveObjects<T>(
  ctx: RetrieveContext,
  object: RetrievableObject<T>,
  request: { properties: readonly string[]; filter: SoapFilter | undefined; page: number },
): Promise<{ xml: string; more: boolean }> {
  const properties = checkRequestedProperties(object, request.properties);
  const propertyOf = (item: T | undefined) => (name: string) => {
    const found = findProperty(object, name);
    if (!found || found[1].filterable === false) return undefined;
    return { type: found[1].type, value: item === undefined ? null : found[1].get(item) };
  };
  checkSoapFilter(request.filter, propertyOf(undefined), object.objectType);
  const all = await object.list(ctx);
  const matching = all.filter((item) => matchSoapFilter(request.filter, propertyOf(item), object.objectType));
  const start = (request.page - 1) * OBJECTS_PER_BATCH;
  const page = matching.slice(start, start + OBJECTS_PER_BATCH);
  const xml = page
    .map(
      (item) =>
        `<Results xsi:type="${object.objectType}"><PartnerKey xsi:nil="true"/>` +
        (properties.includes('ObjectID') ? '' : '<ObjectID xsi:nil="true"/>') +
        objectXml(object, properties, item) +
        '</Results>',
    )
    .join('');
  return { xml, more: start + OBJECTS_PER_BATCH < matching.length };
}
