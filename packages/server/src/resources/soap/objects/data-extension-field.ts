import { createHash } from 'node:crypto';
import type { DataExtension, DataExtensionField } from '../../../storage/data-extension-records.js';
import type { RetrievableObject } from '../retrievable-object.js';

export interface FieldOfDataExtension {
  readonly de: DataExtension;
  readonly field: DataExtensionField;
  readonly ordinal: number;
}

/** A GUID derived from a name: the same field keeps its ObjectID across reads. */
export function guidOf(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The field's `MaxLength`: characters for text types, total digits for Decimal (Marketing Cloud's use). */
function maxLengthOf(field: DataExtensionField): number | null {
  if (field.type === 'Decimal') return field.precision ?? null;
  if (field.type === 'Text') return field.length ?? 4000;
  if (field.type === 'EmailAddress') return field.length ?? 254;
  if (field.type === 'Phone') return field.length ?? 50;
  if (field.type === 'Locale') return field.length ?? 5;
  return null;
}

/**
 * `DataExtensionField`: the fields of the BU's Data Extensions, filtered by
 * `DataExtension.CustomerKey` (or any other property). `CustomerKey` is `[DE key].[field name]`.
 */
export const dataExtensionFieldObject: RetrievableObject<FieldOfDataExtension> = {
  objectType: 'DataExtensionField',
  scope: 'data_extensions_read',
  properties: {
    ObjectID: { type: 'Text', get: (f) => guidOf(`${f.de.id}\n${f.field.name.toLowerCase()}`) },
    CustomerKey: { type: 'Text', get: (f) => `[${f.de.key}].[${f.field.name}]` },
    Name: { type: 'Text', get: (f) => f.field.name },
    DefaultValue: { type: 'Text', get: (f) => f.field.defaultValue ?? '' },
    MaxLength: { type: 'Number', get: (f) => maxLengthOf(f.field) },
    IsRequired: { type: 'Boolean', get: (f) => f.field.isRequired },
    Ordinal: { type: 'Number', get: (f) => f.ordinal },
    IsPrimaryKey: { type: 'Boolean', get: (f) => f.field.isPrimaryKey },
    FieldType: { type: 'Text', get: (f) => f.field.type },
    Scale: { type: 'Number', get: (f) => (f.field.type === 'Decimal' ? (f.field.scale ?? 0) : 0) },
    'DataExtension.CustomerKey': { type: 'Text', get: (f) => f.de.key },
    'DataExtension.Name': { type: 'Text', get: (f) => f.de.name },
    'DataExtension.ObjectID': { type: 'Text', get: (f) => f.de.id },
  },
  async list(ctx) {
    const all = await ctx.store.dataExtensions.listDataExtensions(
      ctx.bearer.tenant.tenant.id,
      ctx.bearer.mid,
    );
    return all.flatMap((de) => de.fields.map((field, ordinal) => ({ de, field, ordinal })));
  },
};
