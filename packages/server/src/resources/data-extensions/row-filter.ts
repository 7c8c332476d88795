import type { RowValues, StoredRow } from '../../storage/data-extension-records.js';
import { sortKeyOf } from './field-values.js';
import type { EqualityClause, OrderClause } from './row-query.js';
import { isCaseInsensitive } from './row-terms.js';

/**
 * The meaning of `$filter` and `$orderBy` over rows in memory. Reads are answered by the
 * database (see row-terms.ts); these functions are the specification its answers are checked
 * against in the storage contract suite.
 */

/** True when the row satisfies every clause: no value equals only `null`; text ignores case. */
export function matchesFilter(values: RowValues, clauses: readonly EqualityClause[]): boolean {
  return clauses.every(({ field, value }) => {
    const stored = values[field.name] ?? null;
    if (value === null || stored === null) return value === stored;
    return isCaseInsensitive(field) ? stored.toLowerCase() === value.toLowerCase() : stored === value;
  });
}

/** A comparator for a stable sort: numbers and dates as such, text ignoring case, no value first. */
export function compareRows(order: readonly OrderClause[]) {
  return (a: StoredRow, b: StoredRow): number => {
    for (const { field, descending } of order) {
      const x = sortKeyOf(field.type, a.values[field.name] ?? null);
      const y = sortKeyOf(field.type, b.values[field.name] ?? null);
      if (x === y) continue;
      const less = typeof x === typeof y ? x < y : typeof x === 'string';
      return (less ? -1 : 1) * (descending ? -1 : 1);
    }
    return 0;
  };
}
