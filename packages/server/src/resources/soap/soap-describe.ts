import { randomUUID } from 'node:crypto';
import { ClientFault } from '../../errors/soap-faults.js';
import type { FieldType } from '../../storage/data-extension-records.js';
import type { Store } from '../../storage/store.js';
import { type BearerContext, checkScope } from '../bearer/authenticate-bearer.js';
import type { PropertyType } from './match-soap-filter.js';
import { child, children, textOf } from './parse-soap-xml.js';
import type { RetrievableObject } from './retrievable-object.js';
import { element, envelope, PARTNER_NAMESPACE } from './soap-response.js';

/** At most this many object types in one Describe. */
const MAX_DESCRIBE_REQUESTS = 50;

const DATA_TYPES: Record<PropertyType, string> = {
  Text: 'String',
  Number: 'Int32',
  Boolean: 'Boolean',
  Date: 'DateTime',
};

const FIELD_DATA_TYPES: Record<FieldType, string> = {
  Text: 'String',
  Number: 'Int32',
  Decimal: 'Decimal',
  Date: 'DateTime',
  Boolean: 'Boolean',
  EmailAddress: 'String',
  Phone: 'String',
  Locale: 'String',
};

const bool = (b: boolean) => (b ? 'true' : 'false');

interface PropertyDescription {
  readonly name: string;
  readonly dataType: string;
  readonly isFilterable: boolean;
  readonly isRequired?: boolean;
}

function definitionXml(
  objectType: string,
  flags: { creatable: boolean; updatable: boolean; deletable: boolean },
  properties: readonly PropertyDescription[],
): string {
  return (
    '<ObjectDefinition>' +
    element('ObjectType', objectType) +
    element('Name', objectType) +
    element('IsCreatable', bool(flags.creatable)) +
    element('IsUpdatable', bool(flags.updatable)) +
    element('IsDeletable', bool(flags.deletable)) +
    element('IsRetrievable', 'true') +
    properties
      .map(
        (p) =>
          '<Properties><PartnerKey xsi:nil="true"/><ObjectID xsi:nil="true"/>' +
          element('Name', p.name) +
          element('DataType', p.dataType) +
          element('IsCreatable', bool(flags.creatable)) +
          element('IsUpdatable', bool(flags.updatable)) +
          element('IsRetrievable', 'true') +
          element('IsFilterable', bool(p.isFilterable)) +
          element('IsRequired', bool(p.isRequired ?? false)) +
          '</Properties>',
      )
      .join('') +
    '</ObjectDefinition>'
  );
}

/**
 * `Describe` (`DefinitionRequestMsg`): the definition of each object type asked for — the
 * retrievable objects' properties, and for `DataExtensionObject[key]` the Data Extension's
 * columns. An unknown type is a `soap:Client` fault with Marketing Cloud's text.
 */
export async function soapDescribe(
  store: Store,
  bearer: BearerContext,
  objects: ReadonlyMap<string, RetrievableObject<unknown>>,
  request: unknown,
): Promise<string> {
  const requests = children(child(request, 'DescribeRequests'), 'ObjectDefinitionRequest');
  if (requests.length === 0) throw new ClientFault('Describe needs at least one ObjectDefinitionRequest.');
  if (requests.length > MAX_DESCRIBE_REQUESTS)
    throw new ClientFault(`A Describe names at most ${MAX_DESCRIBE_REQUESTS} object types.`);
  const definitions: string[] = [];
  for (const r of requests) {
    const objectType = textOf(child(r, 'ObjectType')) ?? '';
    const object = objects.get(objectType);
    if (object) {
      checkScope(bearer, object.scope);
      definitions.push(
        definitionXml(
          objectType,
          {
            creatable: object.isCreatable === true,
            updatable: object.isUpdatable === true,
            deletable: object.isDeletable === true,
          },
          Object.entries(object.properties).map(([name, p]) => ({
            name,
            dataType: DATA_TYPES[p.type],
            isFilterable: p.filterable !== false,
          })),
        ),
      );
      continue;
    }
    const key = /^DataExtensionObject\[(.+)\]$/.exec(objectType)?.[1];
    checkScope(bearer, 'data_extensions_read');
    const de =
      key === undefined ? undefined : await store.dataExtensions.findDataExtensionByKey(bearer.mid, key);
    if (!de) {
      throw new ClientFault(
        `Unable to find a handler for object type: ${objectType}. Object types are case-sensitive, check spelling.`,
      );
    }
    definitions.push(
      definitionXml(
        objectType,
        { creatable: true, updatable: true, deletable: true },
        de.fields.map((f) => ({
          name: f.name,
          dataType: FIELD_DATA_TYPES[f.type],
          isFilterable: true,
          isRequired: f.isRequired,
        })),
      ),
    );
  }
  return envelope(
    `<DefinitionResponseMsg xmlns="${PARTNER_NAMESPACE}">${definitions.join('')}${element('RequestID', randomUUID())}</DefinitionResponseMsg>`,
  );
}
