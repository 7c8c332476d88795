import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DataExtensionField, FieldType, StoredRow } from '../../storage/data-extension-records.js';
import { normalizeFieldValue } from './field-values.js';
import { compareRows } from './row-filter.js';
import { rowTermsOf, sortKeyTextOf, termOf } from './row-terms.js';

const field = (type: FieldType, extra: Partial<DataExtensionField> = {}): DataExtensionField => ({
  name: 'F',
  type,
  isPrimaryKey: false,
  isRequired: false,
  ...extra,
});

/** What SQL's byte-wise text comparison answers for two ASCII keys. */
const byteOrder = (a: string, b: string) => Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
const row = (value: string | null): StoredRow => ({ rowKey: '', values: { F: value }, createdAt: 0 });
const inMemoryOrder = (f: DataExtensionField, a: string | null, b: string | null) =>
  Math.sign(compareRows([{ field: f, descending: false }])(row(a), row(b)));

/** Stored values of a type: whatever the wire sends, normalized as a write does. */
function stored(f: DataExtensionField, raw: fc.Arbitrary<unknown>): fc.Arbitrary<string | null> {
  return raw.map((r) => normalizeFieldValue(f, r)).map((n) => ('value' in n ? n.value : null));
}

describe('row terms: what the database compares equals what the in-memory filter compares', () => {
  it('folds case for Text, EmailAddress and Locale only', () => {
    expect(termOf(field('Text'), 'ÉMILE Ab')).toBe('émile ab');
    expect(termOf(field('EmailAddress'), 'A@Example.COM')).toBe('a@example.com');
    expect(termOf(field('Locale'), 'en-US')).toBe('en-us');
    expect(termOf(field('Phone'), '+1 (555) ABC')).toBe('+1 (555) ABC');
    expect(termOf(field('Boolean'), 'True')).toBe('True');
  });

  it('gives every field of the Data Extension one term, null when the row holds no value', () => {
    const de = { fields: [field('Text', { name: 'A' }), field('Number', { name: 'B' })] };
    expect(rowTermsOf(de, { A: 'Hi', C: 'ignored' })).toEqual([
      { field: 'A', term: 'hi', sortKey: '000680069' },
      { field: 'B', term: null, sortKey: '' },
    ]);
  });
});

describe('sort keys: byte order of the key is the in-memory sort order', () => {
  const cases: Array<[string, DataExtensionField, fc.Arbitrary<unknown>]> = [
    // Any code point, astral ones included: JavaScript compares UTF-16 units, SQL bytes.
    ['Text', field('Text'), fc.string({ unit: 'binary', maxLength: 6 })],
    ['Number', field('Number'), fc.integer({ min: -2_147_483_648, max: 2_147_483_647 })],
    [
      'Decimal',
      field('Decimal', { precision: 18, scale: 4 }),
      fc.integer({ min: -999_999_999, max: 999_999_999 }).map((n) => (n / 10_000).toFixed(4)),
    ],
    [
      'Date',
      field('Date'),
      fc
        .date({
          min: new Date('1753-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString().slice(0, 19)),
    ],
    ['Boolean', field('Boolean'), fc.boolean()],
  ];
  for (const [name, f, raw] of cases) {
    it(`${name}: sign of the byte comparison equals the comparator's, no value first`, () => {
      const value = fc.option(stored(f, raw), { nil: null, freq: 6 });
      fc.assert(
        fc.property(value, value, (a, b) => {
          expect(byteOrder(sortKeyTextOf(f, a), sortKeyTextOf(f, b))).toBe(inMemoryOrder(f, a, b));
        }),
        { seed: 8_2026, numRuns: 2000 },
      );
    });
  }

  it('orders negative numbers, zero and fractions as numbers, not as text', () => {
    const f = field('Decimal', { precision: 10, scale: 2 });
    const keys = ['-10.00', '-2.50', '0.00', '0.01', '2.00', '10.00'].map((v) => sortKeyTextOf(f, v));
    expect([...keys].sort()).toEqual(keys);
  });
});
