import { type Static, Type } from 'typebox';
import { DataExtensionField } from '../../../admin/data-extension-schemas.js';
import {
  checkDefinition,
  createDataExtension,
} from '../../../resources/data-extensions/define-data-extension.js';
import { fieldIndex, prepareRow, primaryKeyFields } from '../../../resources/data-extensions/prepare-row.js';
import { RowsRejected, writeRows } from '../../../resources/data-extensions/write-rows.js';
import type { DataExtension, RowValues } from '../../../storage/data-extension-records.js';
import { atPath, childPath, SeedError } from '../seed-error.js';
import { defineTenantSection, type SeedApply } from '../seed-section.js';
import { accountNumber } from './common.js';

const RowSeed = Type.Record(
  Type.String(),
  Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]),
  {
    description:
      'One row: column name → value (text, number, boolean or null), as the REST rowset API takes it.',
  },
);

const DataExtensionSeed = Type.Object(
  {
    mid: accountNumber('The BU the Data Extension lives in.'),
    name: Type.String({ minLength: 1, maxLength: 128 }),
    key: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'External key (CustomerKey), unique per BU.',
    }),
    fields: Type.Array(DataExtensionField, { minItems: 1, maxItems: 500 }),
    rows: Type.Optional(Type.Array(RowSeed, { maxItems: 100_000 })),
  },
  { additionalProperties: false, description: 'A Data Extension, matched by BU and external key.' },
);

type DataExtensionValue = Static<typeof DataExtensionSeed>;

/** The definition as stored, to compare a file's definition with the one in the store. */
const definitionOf = (fields: DataExtension['fields']) => JSON.stringify(fields);

/**
 * `dataExtensions`: created when missing; a definition cannot change through a seed (the file
 * must match the stored one). Rows: with a primary key, upserted where they differ; without one,
 * inserted only while the Data Extension holds no row (applying twice must not duplicate them).
 */
export const dataExtensionsSection = defineTenantSection({
  key: 'dataExtensions',
  schema: Type.Array(DataExtensionSeed, { maxItems: 10_000 }),
  check(des, path, claims) {
    des.forEach((de, i) => {
      claims.claim(
        'Data Extension key',
        `${de.mid}/${de.key.toLowerCase()}`,
        childPath(childPath(path, i), 'key'),
      );
    });
  },
  async apply(seed, tenant, des, path) {
    for (const [i, wanted] of des.entries()) {
      const at = childPath(path, i);
      const { store } = seed.ctx;
      if (!(await store.tenants.findBusinessUnit(tenant.id, wanted.mid))) {
        throw new SeedError(childPath(at, 'mid'), `${wanted.mid} is not a business unit of this tenant.`);
      }
      let de = await store.dataExtensions.findDataExtensionByKey(wanted.mid, wanted.key);
      if (!de) {
        const input = { mid: wanted.mid, name: wanted.name, key: wanted.key, fields: wanted.fields };
        de = await atPath(at, () => createDataExtension(store, seed.who, tenant.id, input, seed.now));
        seed.report.changes.push(`${at}: created`);
      } else {
        const fields = await atPath(at, async () => checkDefinition({ ...wanted }));
        if (de.name !== wanted.name || definitionOf(de.fields) !== definitionOf(fields)) {
          throw new SeedError(
            at,
            `Data Extension "${de.key}" exists in BU ${de.mid} with another name or fields; a definition cannot change through a seed file (delete the Data Extension, or use another key).`,
          );
        }
      }
      if (wanted.rows && wanted.rows.length > 0)
        await applyRows(seed, de, wanted.rows, childPath(at, 'rows'));
    }
  },
  async export(ctx, tenant) {
    // A stable order (creation times tie within one apply): by BU, then key; rows by their values.
    const des = (await ctx.store.dataExtensions.listDataExtensions(tenant.id)).sort(
      (a, b) => a.mid - b.mid || a.key.localeCompare(b.key),
    );
    if (des.length === 0) return undefined;
    const out: DataExtensionValue[] = [];
    for (const de of des) {
      const rows = await ctx.store.dataExtensions.listRows(de.id);
      out.push({
        mid: de.mid,
        name: de.name,
        key: de.key,
        fields: de.fields.map((f) => ({ ...f })) as never,
        ...(rows.length > 0
          ? {
              rows: rows
                .map((r) => ({ ...r.values }))
                .sort((x, y) => compareText(JSON.stringify(x), JSON.stringify(y))),
            }
          : {}),
      });
    }
    return out as never;
  },
});

async function applyRows(
  seed: SeedApply,
  de: DataExtension,
  rows: ReadonlyArray<Record<string, unknown>>,
  at: string,
): Promise<void> {
  const { store } = seed.ctx;
  let pending: ReadonlyArray<Record<string, unknown>> = rows;
  if (primaryKeyFields(de).length === 0) {
    if ((await store.dataExtensions.countRows(de.id)) > 0) return;
  } else {
    // Only rows that would change something are written: applying twice writes nothing.
    const fields = fieldIndex(de);
    const prepared = rows.map((columns, i) => prepareRow(de, fields, columns, i));
    const keys = prepared.flatMap((p) => (p.rowKey === undefined ? [] : [p.rowKey]));
    const stored = await store.dataExtensions.findRows(de.id, keys);
    pending = rows.filter((_, i) => {
      const p = prepared[i];
      const current = p?.rowKey === undefined ? undefined : stored.get(p.rowKey)?.values;
      return !(p && p.problems.length === 0 && current && sameValues(current, p.values));
    });
  }
  if (pending.length === 0) return;
  try {
    const mode = primaryKeyFields(de).length === 0 ? 'insert' : 'upsert';
    await writeRows(store, de, pending, { mode, atomic: true, now: seed.now });
  } catch (err) {
    if (err instanceof RowsRejected) {
      const bad = err.results.find((r) => r.problems.length > 0);
      const index = bad ? rows.indexOf(pending[bad.index] as Record<string, unknown>) : 0;
      throw new SeedError(childPath(at, index), (bad?.problems[0] ?? 'rejected').replace(/^Row \d+: /, ''));
    }
    throw err;
  }
  seed.report.changes.push(`${at}: ${pending.length} row(s) written`);
}

/** Every column the file names holds that value already. */
function sameValues(current: RowValues, wanted: RowValues): boolean {
  return Object.entries(wanted).every(([name, value]) => current[name] === value);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
