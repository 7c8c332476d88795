import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';

/**
 * Issue 13's "done when", driven by an unmodified SOAP client: fuel-soap (the SOAP half of
 * Marketing Cloud's Node FuelSDK) with fuel-auth's OAuth 2 flow. It takes the SOAP URL from the
 * token response (`soap_instance_url` + `Service.asmx`), so it runs against Packgate as it is.
 * (sfmc-sdk insists on an https://{28}.auth.marketingcloudapis.com auth URL: its round trips
 * need the TLS host mode.)
 */
const require = createRequire(import.meta.url);
const FuelSoap = require('fuel-soap') as new (options: unknown) => FuelSoapClient;

interface FuelSoapClient {
  retrieve(type: string, props: string[], options: object, cb: Callback): void;
  create(type: string, props: object, options: object, cb: Callback): void;
  update(type: string, props: object, options: object, cb: Callback): void;
  delete(type: string, props: object, options: object, cb: Callback): void;
  describe(type: string, cb: Callback): void;
}
type Callback = (err: (Error & { results?: unknown }) | null, res: { body: Body } | null) => void;
interface Body {
  OverallStatus?: string;
  Results: Array<Record<string, unknown>>;
  ObjectDefinition?: Record<string, unknown>;
}

describe.each(BACKENDS)('fuel-soap round trip ($name)', (backend) => {
  let server: TestServer;
  let client: FuelSoapClient;
  const run = (fn: (cb: Callback) => void): Promise<Body> =>
    new Promise((resolve, reject) =>
      fn((err, res) =>
        err
          ? reject(Object.assign(err, { detail: JSON.stringify(err.results) }))
          : resolve((res as { body: Body }).body),
      ),
    );

  beforeAll(async () => {
    server = await startTestServer({ ...backend.serverOptions() });
    client = new FuelSoap({
      auth: {
        clientId: server.clientId,
        clientSecret: server.clientSecret,
        authUrl: `${server.authBaseUri}v2/token`,
        authOptions: { authVersion: 2, accountId: server.eid },
      },
      soapEndpoint: `${server.soapBaseUri}Service.asmx`,
    });
  });
  afterAll(async () => {
    await server?.close();
    await backend.cleanup();
  });

  it('creates a folder and a Data Extension, describes it, finds it with IN, fills it and deletes it', async () => {
    const roots = await run((cb) =>
      client.retrieve(
        'DataFolder',
        ['ID', 'Name', 'ContentType', 'CustomerKey'],
        {
          filter: {
            leftOperand: 'ContentType',
            operator: 'IN',
            rightOperand: ['dataextension', 'shared_dataextension'],
          },
        },
        cb,
      ),
    );
    expect(roots.Results.map((r) => r.ContentType).sort()).toEqual(['dataextension', 'shared_dataextension']);
    const root = roots.Results.find((r) => r.ContentType === 'dataextension') as { ID: string };

    const folder = await run((cb) =>
      client.create(
        'DataFolder',
        {
          Name: 'FuelSoap',
          CustomerKey: 'fuelsoap',
          Description: '',
          ContentType: 'dataextension',
          ParentFolder: { ID: root.ID },
          IsActive: true,
          IsEditable: true,
          AllowChildren: true,
        },
        {},
        cb,
      ),
    );
    const folderId = (folder.Results[0] as { NewID: string }).NewID;
    expect(Number(folderId)).toBeGreaterThan(0);

    await run((cb) =>
      client.create(
        'DataExtension',
        {
          CustomerKey: 'FuelSoapDE',
          Name: 'FuelSoap DE',
          Description: 'made by fuel-soap',
          CategoryID: folderId,
          Fields: {
            Field: [
              { Name: 'Id', FieldType: 'Text', MaxLength: 20, IsPrimaryKey: true, IsRequired: true },
              { Name: 'City', FieldType: 'Text', MaxLength: 50 },
              { Name: 'Visits', FieldType: 'Number' },
            ],
          },
        },
        {},
        cb,
      ),
    );

    const described = await run((cb) => client.describe('DataExtensionObject[FuelSoapDE]', cb));
    expect(JSON.stringify(described.ObjectDefinition)).toContain('"Name":"Visits"');

    const found = await run((cb) =>
      client.retrieve(
        'DataExtension',
        ['CustomerKey', 'Name', 'CategoryID', 'Description'],
        {
          filter: { leftOperand: 'CustomerKey', operator: 'IN', rightOperand: ['FuelSoapDE', 'Other'] },
        },
        cb,
      ),
    );
    expect(found.Results).toEqual([
      expect.objectContaining({
        CustomerKey: 'FuelSoapDE',
        Name: 'FuelSoap DE',
        CategoryID: folderId,
        Description: 'made by fuel-soap',
      }),
    ]);

    const fields = await run((cb) =>
      client.retrieve(
        'DataExtensionField',
        ['Name', 'FieldType', 'IsPrimaryKey'],
        {
          filter: {
            leftOperand: 'DataExtension.CustomerKey',
            operator: 'equals',
            rightOperand: 'FuelSoapDE',
          },
        },
        cb,
      ),
    );
    expect(fields.Results.map((f) => f.Name)).toEqual(['Id', 'City', 'Visits']);

    for (const [id, city, visits] of [
      ['1', 'Lyon', '3'],
      ['2', 'Oslo', '10'],
      ['3', 'Lima', '7'],
    ] as const) {
      await run((cb) =>
        client.create(
          'DataExtensionObject',
          {
            CustomerKey: 'FuelSoapDE',
            Properties: {
              Property: [
                { Name: 'Id', Value: id },
                { Name: 'City', Value: city },
                { Name: 'Visits', Value: visits },
              ],
            },
          },
          {},
          cb,
        ),
      );
    }
    const busy = await run((cb) =>
      client.retrieve(
        'DataExtensionObject[FuelSoapDE]',
        ['Id', 'City'],
        {
          filter: {
            leftOperand: { leftOperand: 'Visits', operator: 'greaterThan', rightOperand: '5' },
            operator: 'AND',
            rightOperand: { leftOperand: 'City', operator: 'like', rightOperand: 'L%' },
          },
        },
        cb,
      ),
    );
    expect(JSON.stringify(busy.Results)).toContain('Lima');
    expect(busy.Results).toHaveLength(1);

    await run((cb) =>
      client.update(
        'DataExtension',
        {
          CustomerKey: 'FuelSoapDE',
          Fields: { Field: [{ Name: 'Country', FieldType: 'Text', MaxLength: 2 }] },
        },
        {},
        cb,
      ),
    );
    await run((cb) =>
      client.delete(
        'DataExtensionObject',
        { CustomerKey: 'FuelSoapDE', Keys: { Key: [{ Name: 'Id', Value: '1' }] } },
        {},
        cb,
      ),
    );
    const left = await run((cb) =>
      client.retrieve('DataExtensionObject[FuelSoapDE]', ['Id', 'Country'], {}, cb),
    );
    expect(left.Results).toHaveLength(2);

    await run((cb) => client.delete('DataExtension', { CustomerKey: 'FuelSoapDE' }, {}, cb));
    await run((cb) => client.delete('DataFolder', { ID: folderId }, {}, cb));
    const gone = await run((cb) =>
      client.retrieve(
        'DataFolder',
        ['ID'],
        { filter: { leftOperand: 'CustomerKey', operator: 'equals', rightOperand: 'fuelsoap' } },
        cb,
      ),
    );
    expect(gone.Results).toEqual([]);
  });

  it('surfaces Marketing Cloud errors as fuel-soap errors', async () => {
    await expect(run((cb) => client.retrieve('Nope', ['ID'], {}, cb))).rejects.toThrow(
      'Unable to find a handler for object type',
    );
    await expect(run((cb) => client.delete('DataFolder', { ID: 999999 }, {}, cb))).rejects.toMatchObject({
      message: 'Soap Error',
    });
  });
});
