import type {
  DataExtension,
  DataExtensionField,
  RowTerm,
  RowValues,
} from '../../storage/data-extension-records.js';
import { sortKeyOf } from './field-values.js';

/**
 * How a stored row is indexed so the database can answer `$filter` and `$orderBy` with the
 * same answers as {@link matchesFilter} and {@link compareRows} (row-filter.ts), which are the
 * specification: the storage contract suite checks the two agree on SQLite and PostgreSQL.
 * One term ({@link RowTerm}) per field of the Data Extension, `null` when the row holds no value.
 */

/** Fields whose equality filters ignore case (as Marketing Cloud's collation does). */
export function isCaseInsensitive(field: Pick<DataExtensionField, 'type'>): boolean {
  return field.type === 'Text' || field.type === 'EmailAddress' || field.type === 'Locale';
}

/** The term a stored (or normalized filter) value is compared as. */
export function termOf(field: Pick<DataExtensionField, 'type'>, value: string): string {
  return isCaseInsensitive(field) ? value.toLowerCase() : value;
}

const hex = (n: number, digits: number) => n.toString(16).padStart(digits, '0');

/**
 * `sortKeyOf` as ASCII whose plain byte order is JavaScript's `<` on the keys: strings before
 * numbers (`0…` < `1…`), strings as their UTF-16 code units in hex (JavaScript compares code
 * units, SQL compares bytes), numbers as IEEE 754 bits made order-preserving. No value is `''`,
 * before every other key, as `sortKeyOf(null)` is.
 */
export function sortKeyTextOf(field: Pick<DataExtensionField, 'type'>, value: string | null): string {
  const key = sortKeyOf(field.type, value);
  if (typeof key === 'string') {
    if (key === '') return '';
    let out = '0';
    for (let i = 0; i < key.length; i++) out += hex(key.charCodeAt(i), 4);
    return out;
  }
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, key === 0 ? 0 : key); // -0 === 0 in JavaScript
  let high = view.getUint32(0);
  let low = view.getUint32(4);
  if (high >= 0x8000_0000) {
    high = ~high >>> 0;
    low = ~low >>> 0;
  } else {
    high = (high | 0x8000_0000) >>> 0;
  }
  return `1${hex(high, 8)}${hex(low, 8)}`;
}

/** The terms of one row, one per field of the Data Extension. */
export function rowTermsOf(de: Pick<DataExtension, 'fields'>, values: RowValues): RowTerm[] {
  return de.fields.map((field) => {
    const value = values[field.name] ?? null;
    return {
      field: field.name,
      term: value === null ? null : termOf(field, value),
      sortKey: sortKeyTextOf(field, value),
    };
  });
}
