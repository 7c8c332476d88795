import type { DataExtensionField } from '../../storage/data-extension-records.js';
import { maxLengthOf } from '../data-extensions/field-values.js';
import { SOAP_RETRIEVE_PAGE_LIMIT_BYTES } from './soap-limits.js';

/** Rows per Retrieve batch, as Marketing Cloud sends them. */
export const RETRIEVE_BATCH_SIZE = 2500;

/** `<Results xsi:type="DataExtensionObject">…<Properties></Properties></Results>` around a row. */
const ROW_OVERHEAD_BYTES = 160;
/** `<Property><Name></Name><Value></Value></Property>` around a column. */
const PROPERTY_OVERHEAD_BYTES = 49;
/** The longest stored Number, Decimal (38 digits, sign, point), Date or Boolean. */
const NON_TEXT_VALUE_MAX_CHARS = 40;
/** Escaping turns one character into at most 6 (`&quot;`); no character is more than 3 bytes. */
const ESCAPED_BYTES_PER_CHAR = 6;

/** The most bytes one row of these columns can take in a Retrieve answer. */
export function worstRowBytesOf(fields: readonly DataExtensionField[]): number {
  return fields.reduce(
    (sum, f) =>
      sum +
      PROPERTY_OVERHEAD_BYTES +
      f.name.length +
      ESCAPED_BYTES_PER_CHAR * (maxLengthOf(f) ?? NON_TEXT_VALUE_MAX_CHARS),
    ROW_OVERHEAD_BYTES,
  );
}

/**
 * Rows per page for these columns: 2 500, or fewer when that many rows of the widest values the
 * columns allow would pass {@link SOAP_RETRIEVE_PAGE_LIMIT_BYTES}; at least one. It depends only
 * on the definition (fields never change), so every page of one Retrieve has the same size.
 */
export function retrievePageSizeOf(fields: readonly DataExtensionField[]): number {
  const fit = Math.floor(SOAP_RETRIEVE_PAGE_LIMIT_BYTES / worstRowBytesOf(fields));
  return Math.max(1, Math.min(RETRIEVE_BATCH_SIZE, fit));
}

/** Column names without repeats, compared case-insensitively as columns are; first spelling kept. */
export function distinctProperties(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = name.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
