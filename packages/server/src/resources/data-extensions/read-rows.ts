import type { DataExtension, RowCondition, RowValues } from '../../storage/data-extension-records.js';
import type { Store } from '../../storage/store.js';
import type { EqualityClause, OrderClause } from './row-query.js';
import { termOf } from './row-terms.js';

export interface RowPage {
  readonly count: number;
  readonly rows: readonly RowValues[];
}

/**
 * One page of a Data Extension's rows. Without `$filter`/`$orderBy` the store pages in
 * insertion order; with them, the store filters, counts, sorts and pages over the rows'
 * indexed terms (row-terms.ts), with the meaning row-filter.ts specifies.
 */
export async function readRows(
  store: Store,
  de: DataExtension,
  query: {
    page: number;
    pageSize: number;
    filter: readonly EqualityClause[];
    orderBy: readonly OrderClause[];
    /** A condition beyond equality (SOAP filters), also answered by the database. */
    where?: RowCondition;
  },
): Promise<RowPage> {
  const offset = (query.page - 1) * query.pageSize;
  if (query.filter.length === 0 && query.orderBy.length === 0 && !query.where) {
    const [count, rows] = await Promise.all([
      store.dataExtensions.countRows(de.id),
      store.dataExtensions.listRows(de.id, { offset, limit: query.pageSize }),
    ]);
    return { count, rows: rows.map((r) => r.values) };
  }
  const { count, rows } = await store.dataExtensions.queryRows(de.id, {
    equals: query.filter.map(({ field, value }) => ({
      field: field.name,
      term: value === null ? null : termOf(field, value),
    })),
    order: query.orderBy.map(({ field, descending }) => ({ field: field.name, descending })),
    ...(query.where ? { where: query.where } : {}),
    offset,
    limit: query.pageSize,
  });
  return { count, rows: rows.map((r) => r.values) };
}
