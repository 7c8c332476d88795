import type { DataExtension, DataExtensionField, RowValues } from '../../storage/data-extension-records.js';
import { normalizeFieldValue } from './field-values.js';

/** One row of a write request after per-field checks, before it meets the stored rows. */
export interface PreparedRow {
  readonly index: number;
  /** Canonical primary key; undefined when the DE has no primary key or the key is incomplete. */
  readonly rowKey: string | undefined;
  /** Only the columns the request named, normalized. */
  readonly values: RowValues;
  readonly problems: string[];
}

/** Field lookup by column name, case-insensitively (Marketing Cloud's column names are). */
export function fieldIndex(de: DataExtension): Map<string, DataExtensionField> {
  return new Map(de.fields.map((f) => [f.name.toLowerCase(), f]));
}

export function primaryKeyFields(de: DataExtension): DataExtensionField[] {
  return de.fields.filter((f) => f.isPrimaryKey);
}

/**
 * The canonical primary-key string of a row: the key values in field order, text compared
 * case-insensitively (as Marketing Cloud's SQL Server collation does).
 */
export function rowKeyOf(pk: readonly DataExtensionField[], values: RowValues): string | undefined {
  const parts: string[] = [];
  for (const f of pk) {
    const v = values[f.name];
    if (v === null || v === undefined) return undefined;
    parts.push(
      f.type === 'Number' || f.type === 'Decimal' || f.type === 'Date' || f.type === 'Boolean'
        ? v
        : v.toLowerCase(),
    );
  }
  return JSON.stringify(parts);
}

/** Maps the wire columns of one row onto the fields, normalizing every value. */
export function prepareRow(
  de: DataExtension,
  fields: Map<string, DataExtensionField>,
  columns: Record<string, unknown>,
  index: number,
): PreparedRow {
  const problems: string[] = [];
  const values: RowValues = {};
  const prefix = `Row ${index + 1}: `;
  for (const [column, raw] of Object.entries(columns)) {
    const field = fields.get(column.toLowerCase());
    if (!field) {
      problems.push(`${prefix}The column [${column}] does not exist in data extension ${de.key}.`);
      continue;
    }
    if (Object.hasOwn(values, field.name)) {
      problems.push(`${prefix}The column [${field.name}] is given twice.`);
      continue;
    }
    const normalized = normalizeFieldValue(field, raw);
    if ('problem' in normalized) problems.push(`${prefix}${normalized.problem}`);
    else values[field.name] = normalized.value;
  }
  const pk = primaryKeyFields(de);
  let rowKey: string | undefined;
  if (pk.length > 0) {
    for (const f of pk) {
      if ((values[f.name] ?? null) === null && !problems.some((p) => p.includes(`[${f.name}]`))) {
        problems.push(`${prefix}The primary key column [${f.name}] is missing.`);
      }
    }
    rowKey = rowKeyOf(pk, values);
  }
  return { index, rowKey, values, problems };
}

/** Columns of a row missing a value although their field is required. */
export function missingRequired(de: DataExtension, values: RowValues, index: number): string[] {
  return de.fields
    .filter((f) => f.isRequired && (values[f.name] ?? null) === null)
    .map((f) => `Row ${index + 1}: The column [${f.name}] is required.`);
}

/** Field defaults, applied to columns a new row does not name. */
export function defaultsOf(de: DataExtension): RowValues {
  const defaults: RowValues = {};
  for (const f of de.fields) if (f.defaultValue !== undefined) defaults[f.name] = f.defaultValue;
  return defaults;
}
