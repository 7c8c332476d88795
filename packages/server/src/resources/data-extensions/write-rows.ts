import { randomUUID } from 'node:crypto';
import type { DataExtension, RowValues } from '../../storage/data-extension-records.js';
import type { Repositories, Store } from '../../storage/store.js';
import { defaultsOf, fieldIndex, missingRequired, prepareRow, primaryKeyFields } from './prepare-row.js';
import { rowTermsOf } from './row-terms.js';

/** insert: new rows only · update: existing rows only · upsert: either. */
export type WriteMode = 'insert' | 'update' | 'upsert';

export interface RowResult {
  readonly index: number;
  /** The row's values after the write (stored form), when it was accepted. */
  readonly values?: RowValues;
  readonly problems: readonly string[];
}

/** A synchronous write was refused: nothing was written. One entry per bad field and row. */
export class RowsRejected extends Error {
  readonly results: readonly RowResult[];
  constructor(results: readonly RowResult[]) {
    super('rows rejected');
    this.name = 'RowsRejected';
    this.results = results;
  }
  get problems(): string[] {
    return this.results.flatMap((r) => [...r.problems]);
  }
}

/**
 * Writes rows in one transaction. `atomic` (REST sync, SOAP): any bad row rejects the whole
 * request and nothing is written. Not atomic (async): the good rows are written together and
 * each bad row is reported; rows are applied in request order, later ones seeing earlier ones.
 */
export async function writeRows(
  store: Store,
  de: DataExtension,
  rows: ReadonlyArray<Record<string, unknown>>,
  options: { mode: WriteMode; atomic: boolean; now: number },
): Promise<RowResult[]> {
  return store.transaction((repos) => writeRowsIn(repos, de, rows, options));
}

/** {@link writeRows} inside a transaction the caller already holds. */
export async function writeRowsIn(
  repos: Repositories,
  de: DataExtension,
  rows: ReadonlyArray<Record<string, unknown>>,
  options: { mode: WriteMode; atomic: boolean; now: number },
): Promise<RowResult[]> {
  const fields = fieldIndex(de);
  const hasKey = primaryKeyFields(de).length > 0;
  const prepared = rows.map((columns, i) => prepareRow(de, fields, columns, i));
  const keys = prepared.flatMap((p) => (p.rowKey === undefined ? [] : [p.rowKey]));
  const current = new Map<string, RowValues>();
  for (const [k, row] of await repos.dataExtensions.findRows(de.id, keys)) current.set(k, row.values);
  const defaults = defaultsOf(de);
  const writes = new Map<string, RowValues>();
  const pk = primaryKeyFields(de);
  const results: RowResult[] = prepared.map((p) => {
    const problems = [...p.problems];
    if (!hasKey && options.mode !== 'insert') {
      problems.push(
        `Row ${p.index + 1}: Data extension ${de.key} has no primary key: rows can only be inserted.`,
      );
    }
    const rowKey = hasKey ? p.rowKey : randomUUID();
    const previous = rowKey === undefined ? undefined : current.get(rowKey);
    if (rowKey !== undefined && options.mode === 'insert' && previous) {
      problems.push(`Row ${p.index + 1}: A row with the same primary key already exists.`);
    } else if (rowKey !== undefined && options.mode === 'update' && !previous) {
      problems.push(`Row ${p.index + 1}: No row with this primary key exists.`);
    }
    // An update keeps the stored spelling of the key (keys match case-insensitively).
    const merged = previous ? { ...previous, ...p.values } : { ...defaults, ...p.values };
    if (previous) for (const f of pk) merged[f.name] = previous[f.name] ?? null;
    // A column already reported (bad value, unknown key) is not reported again as missing.
    problems.push(
      ...missingRequired(de, merged, p.index).filter(
        (m) => !problems.some((q) => q.includes(m.slice(m.indexOf('['), m.indexOf(']') + 1))),
      ),
    );
    if (problems.length > 0 || rowKey === undefined) return { index: p.index, problems };
    current.set(rowKey, merged);
    writes.set(rowKey, merged);
    return { index: p.index, values: merged, problems };
  });
  if (options.atomic && results.some((r) => r.problems.length > 0)) throw new RowsRejected(results);
  await repos.dataExtensions.upsertRows(
    de.id,
    [...writes].map(([rowKey, values]) => ({ rowKey, values, terms: rowTermsOf(de, values) })),
    options.now,
  );
  return results;
}

/** Deletes rows by primary key, all or none: an unknown key rejects the request. */
export async function deleteRows(
  store: Store,
  de: DataExtension,
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<RowResult[]> {
  return store.transaction(async (repos) => {
    const results = await deleteRowsIn(repos, de, rows, { atomic: true });
    return results;
  });
}

/** {@link deleteRows} inside the caller's transaction; not atomic: deletes the known rows. */
export async function deleteRowsIn(
  repos: Repositories,
  de: DataExtension,
  rows: ReadonlyArray<Record<string, unknown>>,
  options: { atomic: boolean },
): Promise<RowResult[]> {
  const fields = fieldIndex(de);
  const pk = primaryKeyFields(de);
  const prepared = rows.map((columns, i) => prepareRow(de, fields, columns, i));
  const keys = prepared.flatMap((p) => (p.rowKey === undefined ? [] : [p.rowKey]));
  const existing = await repos.dataExtensions.findRows(de.id, keys);
  // Rows are deleted in request order: a second delete of the same row finds nothing.
  const deleted = new Set<string>();
  const results: RowResult[] = prepared.map((p) => {
    const problems = [...p.problems];
    if (pk.length === 0) problems.push(`Row ${p.index + 1}: Data extension ${de.key} has no primary key.`);
    else if (
      problems.length === 0 &&
      (p.rowKey === undefined || !existing.has(p.rowKey) || deleted.has(p.rowKey))
    ) {
      problems.push(`Row ${p.index + 1}: No row with this primary key exists.`);
    }
    if (problems.length === 0 && p.rowKey !== undefined) deleted.add(p.rowKey);
    return { index: p.index, problems };
  });
  if (options.atomic && results.some((r) => r.problems.length > 0)) throw new RowsRejected(results);
  const known = prepared.flatMap((p, i) =>
    p.rowKey !== undefined && results[i]?.problems.length === 0 ? [p.rowKey] : [],
  );
  await repos.dataExtensions.deleteRows(de.id, [...new Set(known)]);
  return results;
}
