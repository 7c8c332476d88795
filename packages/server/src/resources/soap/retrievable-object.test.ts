import { describe, expect, it } from 'vitest';
import type { DataExtension } from '../../storage/data-extension-records.js';
import { dataExtensionObject } from './objects/data-extension.js';
import { dataExtensionFieldObject, guidOf } from './objects/data-extension-field.js';
import { checkRequestedProperties, objectXml, soapDateOf } from './retrievable-object.js';
import { RetrieveError } from './soap-filter.js';

const de: DataExtension = {
  id: '6f1c2c1e-0000-4000-8000-000000000001',
  tenantId: 't',
  mid: 42,
  name: 'Leads & Co',
  key: 'Leads',
  fields: [
    { name: 'Id', type: 'Text', length: 36, isPrimaryKey: true, isRequired: true },
    { name: 'Score', type: 'Decimal', precision: 9, scale: 2, isPrimaryKey: false, isRequired: false },
    { name: 'Email', type: 'EmailAddress', isPrimaryKey: false, isRequired: false },
  ],
  createdAt: Date.parse('2026-03-01T10:00:00Z'),
  categoryId: 7,
};

describe('retrievable objects', () => {
  it('write the requested properties in the object order, nested by dots, escaped', () => {
    const properties = checkRequestedProperties(dataExtensionObject, [
      'name',
      'Client.ID',
      'CustomerKey',
      'IsSendable',
    ]);
    expect(properties).toEqual(['Client.ID', 'CustomerKey', 'Name', 'IsSendable']);
    expect(objectXml(dataExtensionObject, properties, de)).toBe(
      '<Client><ID>42</ID></Client><CustomerKey>Leads</CustomerKey><Name>Leads &amp; Co</Name><IsSendable>false</IsSendable>',
    );
  });

  it('answer a property never given with the default, and leave out one without value', () => {
    const properties = checkRequestedProperties(dataExtensionObject, [
      'RetainUntil',
      'DataRetentionPeriodLength',
      'Description',
    ]);
    expect(objectXml(dataExtensionObject, properties, de)).toBe(
      '<Description></Description><RetainUntil></RetainUntil>',
    );
  });

  it("refuse a property the object lacks with Marketing Cloud's text", () => {
    expect(() => checkRequestedProperties(dataExtensionObject, ['Name', 'Nope', 'Bad'])).toThrow(
      new RetrieveError(
        'The Request Property(s) Nope, Bad do not match with the fields of DataExtension retrieve',
      ),
    );
  });

  it('write dates in Central Standard Time without an offset', () => {
    expect(soapDateOf(Date.parse('2026-03-01T10:00:00Z'))).toBe('2026-03-01T04:00:00.000');
  });

  it('describe fields as Marketing Cloud does: key [DE].[field], Decimal precision as MaxLength', async () => {
    const fields = await dataExtensionFieldObject.list({
      store: { dataExtensions: { listDataExtensions: async () => [de] } },
      bearer: { mid: 42, tenant: { tenant: { id: 't' } } },
    } as never);
    const props = checkRequestedProperties(dataExtensionFieldObject, [
      'CustomerKey',
      'MaxLength',
      'Scale',
      'Ordinal',
      'ObjectID',
    ]);
    expect(fields.map((f) => objectXml(dataExtensionFieldObject, props, f))).toEqual([
      `<ObjectID>${guidOf(`${de.id}\nid`)}</ObjectID><CustomerKey>[Leads].[Id]</CustomerKey><MaxLength>36</MaxLength><Ordinal>0</Ordinal><Scale>0</Scale>`,
      `<ObjectID>${guidOf(`${de.id}\nscore`)}</ObjectID><CustomerKey>[Leads].[Score]</CustomerKey><MaxLength>9</MaxLength><Ordinal>1</Ordinal><Scale>2</Scale>`,
      `<ObjectID>${guidOf(`${de.id}\nemail`)}</ObjectID><CustomerKey>[Leads].[Email]</CustomerKey><MaxLength>254</MaxLength><Ordinal>2</Ordinal><Scale>0</Scale>`,
    ]);
    expect(guidOf('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
