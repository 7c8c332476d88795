import { describe, expect, it } from 'vitest';
import { checkDefinition, type DataExtensionInput, InvalidDefinition } from './define-data-extension.js';

const input = (fields: DataExtensionInput['fields']): DataExtensionInput => ({
  mid: 1,
  name: 'Contacts',
  key: 'Contacts',
  fields,
});

function problemsOf(fields: DataExtensionInput['fields']): readonly string[] {
  try {
    checkDefinition(input(fields));
  } catch (err) {
    if (err instanceof InvalidDefinition) return err.problems;
    throw err;
  }
  return [];
}

describe('Data Extension definitions (admin API and SOAP Create share these rules)', () => {
  it('primary keys are required; defaults are stored normalized; Decimal gets 18,0 unless given', () => {
    expect(
      checkDefinition(
        input([
          { name: 'Id', type: 'text', length: 36, isPrimaryKey: true },
          { name: 'Active', type: 'Boolean', defaultValue: 'yes' },
          { name: 'Amount', type: 'Decimal', defaultValue: '1.5', scale: 2 },
          { name: 'Total', type: 'Decimal' },
        ]),
      ),
    ).toEqual([
      { name: 'Id', type: 'Text', length: 36, isPrimaryKey: true, isRequired: true },
      { name: 'Active', type: 'Boolean', isPrimaryKey: false, isRequired: false, defaultValue: 'True' },
      {
        name: 'Amount',
        type: 'Decimal',
        precision: 18,
        scale: 2,
        isPrimaryKey: false,
        isRequired: false,
        defaultValue: '1.50',
      },
      { name: 'Total', type: 'Decimal', precision: 18, scale: 0, isPrimaryKey: false, isRequired: false },
    ]);
  });

  it('sizes must be whole numbers in range, on the types that have them', () => {
    expect(
      problemsOf([
        { name: 'A', type: 'Text', length: Number.NaN },
        { name: 'B', type: 'Text', length: 2.5 },
        { name: 'C', type: 'Number', length: 5 },
        { name: 'D', type: 'Decimal', precision: Number.NaN },
        { name: 'E', type: 'Decimal', precision: 4, scale: 5 },
        { name: 'F', type: 'Date', scale: 2 },
      ]),
    ).toEqual([
      'fields[0].length: a whole number 1–4000, only for Text, EmailAddress, Phone, Locale.',
      'fields[1].length: a whole number 1–4000, only for Text, EmailAddress, Phone, Locale.',
      'fields[2].length: a whole number 1–4000, only for Text, EmailAddress, Phone, Locale.',
      'fields[3]: Decimal needs whole numbers 1 ≤ precision ≤ 38 and 0 ≤ scale ≤ precision.',
      'fields[4]: Decimal needs whole numbers 1 ≤ precision ≤ 38 and 0 ≤ scale ≤ precision.',
      'fields[5]: precision and scale apply to Decimal fields only.',
    ]);
  });

  it('names: pattern, unique case-insensitively, not an Object.prototype member; types from the list', () => {
    expect(
      problemsOf([
        { name: 'Email', type: 'EmailAddress' },
        { name: 'email', type: 'Text' },
        { name: 'constructor', type: 'Text' },
        { name: '__proto__', type: 'Text' },
        { name: '1st', type: 'Text' },
        { name: 'Blob', type: 'Binary' },
        { name: 'Id', type: 'Text', isPrimaryKey: true, isRequired: false },
        { name: 'Flag', type: 'Boolean', defaultValue: 'maybe' },
      ]),
    ).toEqual([
      'fields[1].name: "email" is used twice.',
      'fields[2].name: "constructor" is a reserved name.',
      'fields[3].name: "__proto__" is a reserved name.',
      'fields[4].name: letters, digits, _ - and spaces, 1–128 characters.',
      'fields[5].type: one of Text, Number, Decimal, Date, Boolean, EmailAddress, Phone, Locale.',
      'fields[6]: a primary key is always required.',
      'fields[7].defaultValue: The value for column [Flag] is not a boolean (true/false, 1/0, Y/N).',
    ]);
  });
});
