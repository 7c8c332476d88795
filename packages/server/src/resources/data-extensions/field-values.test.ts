import { describe, expect, it } from 'vitest';
import {
  type DataExtensionField,
  FIELD_TYPES,
  type FieldType,
} from '../../storage/data-extension-records.js';
import { normalizeFieldValue, sortKeyOf } from './field-values.js';

const field = (type: FieldType, extra: Partial<DataExtensionField> = {}): DataExtensionField => ({
  name: 'F',
  type,
  isPrimaryKey: false,
  isRequired: false,
  ...extra,
});

const value = (f: DataExtensionField, raw: unknown) => normalizeFieldValue(f, raw);
const ok = (stored: string | null) => ({ value: stored });
const problem = (text: string) => ({ problem: `The value for column [F] ${text}` });

describe('Data Extension field types (stored in the form Marketing Cloud returns)', () => {
  it('no value: null, undefined and "" are null for every type', () => {
    for (const type of FIELD_TYPES) {
      for (const raw of [null, undefined, '']) expect(value(field(type), raw)).toEqual(ok(null));
    }
  });

  it('objects and arrays are not values', () => {
    expect(value(field('Text'), { a: 1 })).toEqual(problem('must be a string, number or boolean.'));
    expect(value(field('Number'), [1])).toEqual(problem('must be a string, number or boolean.'));
  });

  it('Text(length): kept as sent, blanks included; longer than its length is refused; default 4000', () => {
    expect(value(field('Text', { length: 5 }), ' ab ')).toEqual(ok(' ab '));
    expect(value(field('Text', { length: 5 }), 'abcdef')).toEqual(
      problem('is longer than its maximum of 5 characters.'),
    );
    expect(value(field('Text'), 'x'.repeat(4000))).toEqual(ok('x'.repeat(4000)));
    expect(value(field('Text'), 'x'.repeat(4001))).toEqual(
      problem('is longer than its maximum of 4000 characters.'),
    );
    expect(value(field('Text'), 42)).toEqual(ok('42'));
  });

  it('Number: 32-bit whole numbers', () => {
    expect(value(field('Number'), 42)).toEqual(ok('42'));
    expect(value(field('Number'), ' -7 ')).toEqual(ok('-7'));
    expect(value(field('Number'), '+0012')).toEqual(ok('12'));
    expect(value(field('Number'), 2_147_483_647)).toEqual(ok('2147483647'));
    const notANumber = problem('is not a whole number between -2147483648 and 2147483647.');
    for (const raw of [2_147_483_648, '1.5', '1e3', 'twelve', true])
      expect(value(field('Number'), raw)).toEqual(notANumber);
  });

  it('Decimal(precision, scale): exact digits, padded to the scale, no rounding', () => {
    const money = field('Decimal', { precision: 6, scale: 2 });
    expect(value(money, '12.5')).toEqual(ok('12.50'));
    expect(value(money, 1234)).toEqual(ok('1234.00'));
    expect(value(money, '-0.00')).toEqual(ok('0.00'));
    expect(value(money, '.5')).toEqual(ok('0.50'));
    const bad = problem('is not a decimal number with at most 4 digits before and 2 after the point.');
    for (const raw of ['12345', '1.234', '1,5', '.', 'abc']) expect(value(money, raw)).toEqual(bad);
    expect(value(field('Decimal'), '123456789012345678')).toEqual(ok('123456789012345678'));
  });

  it('Date: ISO 8601 or US form, stored as M/D/YYYY h:mm:ss AM; impossible dates refused', () => {
    expect(value(field('Date'), '2024-06-23')).toEqual(ok('6/23/2024 12:00:00 AM'));
    expect(value(field('Date'), '2024-06-23T13:05:09Z')).toEqual(ok('6/23/2024 1:05:09 PM'));
    expect(value(field('Date'), '6/23/2024 12:30 PM')).toEqual(ok('6/23/2024 12:30:00 PM'));
    const bad = problem('is not a date (YYYY-MM-DD[Thh:mm[:ss]] or M/D/YYYY [h:mm[:ss] AM|PM]).');
    for (const raw of ['2024-02-30', '2023-02-29', '1700-01-01', '2024-13-01', '13:00 PM', 'yesterday']) {
      expect(value(field('Date'), raw)).toEqual(bad);
    }
    expect(value(field('Date'), '2024-02-29')).toEqual(ok('2/29/2024 12:00:00 AM'));
  });

  it('Boolean: true/false, 1/0, Y/N, yes/no → True/False', () => {
    for (const raw of [true, 'true', 'TRUE', 1, '1', 'y', 'Yes'])
      expect(value(field('Boolean'), raw)).toEqual(ok('True'));
    for (const raw of [false, 'false', 0, '0', 'N', 'no'])
      expect(value(field('Boolean'), raw)).toEqual(ok('False'));
    expect(value(field('Boolean'), 'maybe')).toEqual(problem('is not a boolean (true/false, 1/0, Y/N).'));
  });

  it('EmailAddress: one @, a dotted domain, at most 254 characters', () => {
    expect(value(field('EmailAddress'), ' ada@example.com ')).toEqual(ok('ada@example.com'));
    const bad = problem('is not a valid email address.');
    for (const raw of ['ada', 'ada@', '@example.com', 'ada@example', 'a b@example.com', 'a@b@example.com']) {
      expect(value(field('EmailAddress'), raw)).toEqual(bad);
    }
    expect(value(field('EmailAddress'), `${'a'.repeat(250)}@x.io`)).toEqual(
      problem('is longer than its maximum of 254 characters.'),
    );
  });

  it('Phone and Locale', () => {
    expect(value(field('Phone'), '+1 (555) 010-0100')).toEqual(ok('+1 (555) 010-0100'));
    expect(value(field('Phone'), 'call me')).toEqual(problem('is not a valid phone number.'));
    expect(value(field('Locale'), 'en_us')).toEqual(ok('en-US'));
    expect(value(field('Locale'), 'FR')).toEqual(ok('fr'));
    expect(value(field('Locale'), 'english')).toEqual(problem('is longer than its maximum of 5 characters.'));
    expect(value(field('Locale'), 'e1')).toEqual(problem('is not a valid locale such as en-US.'));
  });

  it('sort keys compare numbers and dates as such', () => {
    expect(sortKeyOf('Number', '9') < sortKeyOf('Number', '10')).toBe(true);
    expect(sortKeyOf('Date', '12/31/2023 11:00:00 PM') < sortKeyOf('Date', '1/1/2024 12:00:00 AM')).toBe(
      true,
    );
    expect(sortKeyOf('Text', 'B')).toBe('b');
  });
});
