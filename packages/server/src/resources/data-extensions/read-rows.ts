import type { DataExtension, RowValues, StoredRow } from '../../storage/data-extension-records.js';
import type { Store } from '../../storage/store.js';
import { sortKeyOf } from './field-values.js';
import type { EqualityClause, OrderClause } from './row-query.js';

export interface RowPage {
  readonly count: number;
  readonly rows: readonly RowValues[];
}

function matches(values: RowValues, clauses: readonly EqualityClause[]): boolean {
  return clauses.every(({ field, value }) => {
    const stored = values[field.name] ?? null;
    if (value === null || stored === null) return value === stored;
    return field.type === 'Text' || field.type === 'EmailAddress' || field.type === 'Locale'
      ? stored.toLowerCase() === value.toLowerCase()
      : stored === value;
  });
}

function compareBy(order: readonly OrderClause[]) {
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

/**
 * One page of a Data Extension's rows. Without `$filter`/`$orderBy` the store pages in
 * insertion order; with them, filtering and sorting run in memory over the DE's rows
 * (fine for the sizes an emulator holds; documented in docs/reference/resource-api.md).
 */
export async function readRows(
  store: Store,
  de: DataExtension,
  query: {
    page: number;
    pageSize: number;
    filter: readonly EqualityClause[];
    orderBy: readonly OrderClause[];
  },
): Promise<RowPage> {
  const offset = (query.page - 1) * query.pageSize;
  if (query.filter.length === 0 && query.orderBy.length === 0) {
    const [count, rows] = await Promise.all([
      store.dataExtensions.countRows(de.id),
      store.dataExtensions.listRows(de.id, { offset, limit: query.pageSize }),
    ]);
    return { count, rows: rows.map((r) => r.values) };
  }
  let rows = (await store.dataExtensions.listRows(de.id)).filter((r) => matches(r.values, query.filter));
  // Array#sort is stable: equal rows keep insertion order.
  if (query.orderBy.length > 0) rows = rows.sort(compareBy(query.orderBy));
  return { count: rows.length, rows: rows.slice(offset, offset + query.pageSize).map((r) => r.values) };
}
