import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';
import { soap, soapEnvelope, tokenFor } from './resource-helpers.js';

const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const NS = 'xmlns="http://exacttarget.com/wsdl/partnerAPI"';

const retrieve = (objectType: string, props: string[], extra = '') =>
  `<RetrieveRequestMsg ${NS}><RetrieveRequest><ObjectType>${objectType}</ObjectType>${props
    .map((p) => `<Properties>${p}</Properties>`)
    .join('')}${extra}</RetrieveRequest></RetrieveRequestMsg>`;
const simple = (property: string, operator: string, values: string[]) =>
  `<Filter ${XSI} xsi:type="SimpleFilterPart"><Property>${property}</Property><SimpleOperator>${operator}</SimpleOperator>${values
    .map((v) => `<Value>${v}</Value>`)
    .join('')}</Filter>`;
const write = (op: 'Create' | 'Update' | 'Delete', objects: string) =>
  `<${op}Request ${NS}>${objects}</${op}Request>`;

/** `<Results>` blocks of a response, each as a map of its direct (and dotted nested) elements. */
function results(xml: string): Array<Record<string, string>> {
  return [...xml.matchAll(/<Results(?: [^>]*)?>([\s\S]*?)<\/Results>/g)].map((m) => {
    const out: Record<string, string> = {};
    const body = m[1] as string;
    for (const n of body.matchAll(/<(\w+)>(?:<(\w+)>([^<]*)<\/\2>)+<\/\1>/g)) {
      for (const inner of (n[0] as string).matchAll(/<(\w+)>([^<]*)<\/\1>/g))
        out[`${n[1]}.${inner[1]}`] = inner[2] as string;
    }
    for (const leaf of body.matchAll(/<(\w+)>([^<]*)<\/\1>/g)) out[leaf[1] as string] ??= leaf[2] as string;
    return out;
  });
}

const DE_PROPERTIES = [
  'CategoryID',
  'CreatedDate',
  'CustomerKey',
  'DataRetentionPeriodLength',
  'DataRetentionPeriodUnitOfMeasure',
  'DeleteAtEndOfRetentionPeriod',
  'Description',
  'IsSendable',
  'IsTestable',
  'ModifiedDate',
  'Name',
  'ObjectID',
  'ResetRetentionPeriodOnImport',
  'RetainUntil',
  'RowBasedRetention',
  'SendableDataExtensionField.Name',
  'SendableSubscriberField.Name',
  'Template.CustomerKey',
];

describe.each(BACKENDS)('SOAP metadata: folders, definitions, fields, BUs ($name)', (backend) => {
  let server: TestServer;
  let token: string;
  const call = async (body: string, action = 'Retrieve') => {
    const res = await soap(server, soapEnvelope(token, body), action);
    expect(res.status, res.text).toBe(200);
    return res.text;
  };

  beforeAll(async () => {
    server = await startTestServer({
      now: () => Date.parse('2026-03-01T10:00:00Z'),
      ...backend.serverOptions(),
    });
    token = await tokenFor(server);
  });
  afterAll(async () => {
    await server?.close();
    await backend.cleanup();
  });

  it('a new BU has its system folders, found with an IN filter on ContentType (as mcdev asks)', async () => {
    const text = await call(
      retrieve(
        'DataFolder',
        [
          'ID',
          'Client.ID',
          'CustomerKey',
          'Name',
          'ContentType',
          'ParentFolder.ID',
          'IsEditable',
          'AllowChildren',
        ],
        `${simple('ContentType', 'IN', ['dataextension', 'shared_data', 'hidden'])}<QueryAllAccounts>false</QueryAllAccounts>`,
      ),
    );
    expect(text).toContain('<OverallStatus>OK</OverallStatus>');
    const folders = results(text);
    expect(folders.map((f) => f.ContentType).sort()).toEqual(['dataextension', 'hidden', 'shared_data']);
    const root = folders.find((f) => f.ContentType === 'dataextension');
    expect(root).toMatchObject({
      Name: 'Data Extensions',
      CustomerKey: 'dataextension_default',
      'ParentFolder.ID': '0',
      IsEditable: 'false',
      AllowChildren: 'true',
      'Client.ID': String(server.eid),
    });
  });

  it('folder, Data Extension with fields, filter, rows, update, delete: all over SOAP', async () => {
    const roots = results(
      await call(retrieve('DataFolder', ['ID'], simple('CustomerKey', 'equals', ['dataextension_default']))),
    );
    const rootId = roots[0]?.ID as string;
    const createdFolder = await call(
      write(
        'Create',
        `<Objects ${XSI} xsi:type="DataFolder"><CustomerKey>campaigns</CustomerKey><Name>Campaigns</Name><Description>Spring</Description><ContentType>dataextension</ContentType><ParentFolder><ID>${rootId}</ID></ParentFolder><IsActive>true</IsActive><IsEditable>true</IsEditable><AllowChildren>true</AllowChildren></Objects>`,
      ),
      'Create',
    );
    expect(createdFolder).toContain('<OverallStatus>OK</OverallStatus>');
    const folderId = /<NewID>(\d+)<\/NewID>/.exec(createdFolder)?.[1] as string;
    expect(Number(folderId)).toBeGreaterThan(0);
    const sameName = await call(
      write(
        'Create',
        `<Objects ${XSI} xsi:type="DataFolder"><Name>campaigns</Name><ParentFolder><ID>${rootId}</ID></ParentFolder></Objects>`,
      ),
      'Create',
    );
    expect(sameName).toContain('<StatusCode>Error</StatusCode>');
    expect(sameName).toContain('already exists in the parent folder');

    const createdDe = await call(
      write(
        'Create',
        `<Objects ${XSI} xsi:type="DataExtension"><CustomerKey>Spring</CustomerKey><Name>Spring Leads</Name><Description>Leads of the spring campaign</Description><CategoryID>${folderId}</CategoryID><IsSendable>true</IsSendable><SendableDataExtensionField><Name>Email</Name></SendableDataExtensionField><SendableSubscriberField><Name>Subscriber Key</Name></SendableSubscriberField><DataRetentionPeriodLength>6</DataRetentionPeriodLength><DataRetentionPeriodUnitOfMeasure>5</DataRetentionPeriodUnitOfMeasure><Fields>` +
          '<Field><Name>Id</Name><FieldType>Text</FieldType><MaxLength>36</MaxLength><IsPrimaryKey>true</IsPrimaryKey><IsRequired>true</IsRequired></Field>' +
          '<Field><Name>Email</Name><FieldType>EmailAddress</FieldType></Field>' +
          '<Field><Name>Score</Name><FieldType>Decimal</FieldType><MaxLength>9</MaxLength><Scale>2</Scale></Field>' +
          '</Fields></Objects>',
      ),
      'Create',
    );
    expect(createdDe).toContain('<OverallStatus>OK</OverallStatus>');
    expect(createdDe).toMatch(/<NewObjectID>[0-9a-f-]{36}<\/NewObjectID>/);

    const des = results(
      await call(retrieve('DataExtension', DE_PROPERTIES, simple('CustomerKey', 'IN', ['Spring', 'Nope']))),
    );
    expect(des).toHaveLength(1);
    expect(des[0]).toMatchObject({
      CustomerKey: 'Spring',
      Name: 'Spring Leads',
      Description: 'Leads of the spring campaign',
      CategoryID: folderId,
      IsSendable: 'true',
      IsTestable: 'false',
      'SendableDataExtensionField.Name': 'Email',
      'SendableSubscriberField.Name': 'Subscriber Key',
      DataRetentionPeriodLength: '6',
      DataRetentionPeriodUnitOfMeasure: '5',
      RowBasedRetention: 'false',
      ResetRetentionPeriodOnImport: 'false',
      DeleteAtEndOfRetentionPeriod: 'false',
      RetainUntil: '',
      // 10:00 UTC is 04:00 in Central Standard Time, the zone of Marketing Cloud's SOAP dates.
      CreatedDate: '2026-03-01T04:00:00.000',
    });
    // Asked for and unknown to Packgate: answered (empty), never left out.
    const spring = (
      await call(retrieve('DataExtension', DE_PROPERTIES, simple('Name', 'like', ['spring%'])))
    ).split('<Results')[1] as string;
    expect(spring).toContain('<RetainUntil></RetainUntil>');

    const fields = results(
      await call(
        retrieve(
          'DataExtensionField',
          [
            'Name',
            'FieldType',
            'MaxLength',
            'Scale',
            'IsPrimaryKey',
            'IsRequired',
            'DefaultValue',
            'Ordinal',
            'ObjectID',
            'CustomerKey',
            'DataExtension.CustomerKey',
          ],
          simple('DataExtension.CustomerKey', 'equals', ['Spring']),
        ),
      ),
    );
    expect(fields.map((f) => [f.Name, f.FieldType, f.MaxLength, f.IsPrimaryKey, f.Ordinal])).toEqual([
      ['Id', 'Text', '36', 'true', '0'],
      ['Email', 'EmailAddress', '254', 'false', '1'],
      ['Score', 'Decimal', '9', 'false', '2'],
    ]);
    expect(fields[2]).toMatchObject({ Scale: '2', CustomerKey: '[Spring].[Score]' });

    const rows = await call(
      write(
        'Create',
        `<Objects ${XSI} xsi:type="DataExtensionObject"><CustomerKey>Spring</CustomerKey><Properties><Property><Name>Id</Name><Value>1</Value></Property><Property><Name>Email</Name><Value>a@example.com</Value></Property></Properties></Objects>`,
      ),
      'Create',
    );
    expect(rows).toContain('<OverallStatus>OK</OverallStatus>');

    const updated = await call(
      write(
        'Update',
        `<Objects ${XSI} xsi:type="DataExtension"><CustomerKey>Spring</CustomerKey><Name>Spring Leads 2026</Name><Description>Renamed</Description><Fields><Field><Name>Region</Name><FieldType>Text</FieldType><MaxLength>20</MaxLength></Field></Fields></Objects>`,
      ),
      'Update',
    );
    expect(updated).toContain('<OverallStatus>OK</OverallStatus>');
    const region = await call(
      retrieve('DataExtensionObject[Spring]', ['Id', 'Region'], simple('Region', 'isNull', [])),
    );
    expect(region).toContain('<Name>Id</Name><Value>1</Value>');
    const badUpdate = await call(
      write(
        'Update',
        `<Objects ${XSI} xsi:type="DataExtension"><CustomerKey>Spring</CustomerKey><Fields><Field><Name>Code</Name><FieldType>Text</FieldType><IsPrimaryKey>true</IsPrimaryKey></Field><Field><Name>Email</Name><FieldType>Text</FieldType></Field></Fields></Objects>`,
      ),
      'Update',
    );
    expect(badUpdate).toContain('<OverallStatus>Error</OverallStatus>');
    expect(badUpdate).toContain('Field Email: the FieldType of an existing field cannot change.');
    expect(badUpdate).toContain('Field Code: a primary key cannot be added to a data extension with rows.');
    const renamed = results(
      await call(
        retrieve('DataExtension', ['Name', 'Description'], simple('CustomerKey', 'equals', ['Spring'])),
      ),
    );
    expect(renamed[0]).toMatchObject({ Name: 'Spring Leads 2026', Description: 'Renamed' });

    const notEmpty = await call(
      write('Delete', `<Objects ${XSI} xsi:type="DataFolder"><ID>${folderId}</ID></Objects>`),
      'Delete',
    );
    expect(notEmpty).toContain('is not empty');
    const system = await call(
      write('Delete', `<Objects ${XSI} xsi:type="DataFolder"><ID>${rootId}</ID></Objects>`),
      'Delete',
    );
    expect(system).toContain('is a system folder and cannot be deleted');
    const deletedDe = await call(
      write('Delete', `<Objects ${XSI} xsi:type="DataExtension"><CustomerKey>Spring</CustomerKey></Objects>`),
      'Delete',
    );
    expect(deletedDe).toContain('<OverallStatus>OK</OverallStatus>');
    expect(await call(retrieve('DataExtensionObject[Spring]', ['Id']))).toContain(
      'was not found in this business unit',
    );
    const deletedFolder = await call(
      write('Delete', `<Objects ${XSI} xsi:type="DataFolder"><ID>${folderId}</ID></Objects>`),
      'Delete',
    );
    expect(deletedFolder).toContain('<OverallStatus>OK</OverallStatus>');
    expect(results(await call(retrieve('DataFolder', ['ID'], simple('ID', 'equals', [folderId]))))).toEqual(
      [],
    );
  });

  it('a Data Extension without CategoryID is filed in the Data Extensions root; a bad one is refused', async () => {
    const made = await call(
      write(
        'Create',
        `<Objects ${XSI} xsi:type="DataExtension"><CustomerKey>Plain</CustomerKey><Name>Plain</Name><Fields><Field><Name>A</Name><FieldType>Text</FieldType></Field></Fields></Objects>` +
          `<Objects ${XSI} xsi:type="DataExtension"><CustomerKey>Lost</CustomerKey><Name>Lost</Name><CategoryID>999999</CategoryID><Fields><Field><Name>A</Name><FieldType>Text</FieldType></Field></Fields></Objects>`,
      ),
      'Create',
    );
    expect(made).toContain('<OverallStatus>Has Errors</OverallStatus>');
    expect(made).toContain('The CategoryID 999999 is not a data extension folder of this business unit.');
    const [root] = results(
      await call(retrieve('DataFolder', ['ID'], simple('CustomerKey', 'equals', ['dataextension_default']))),
    );
    const [plain] = results(
      await call(retrieve('DataExtension', ['CategoryID'], simple('CustomerKey', 'equals', ['Plain']))),
    );
    expect(plain?.CategoryID).toBe(root?.ID);
  });

  it('the admin API lists the folders of a BU; bad input is an admin error', async () => {
    const res = await server.admin('GET', `/tenants/${server.subdomain}/folders?mid=${server.eid}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((f: { customerKey: string }) => f.customerKey)).toContain(
      'dataextension_default',
    );
    expect(res.body.items.every((f: { mid: number }) => f.mid === server.eid)).toBe(true);
    expect((await server.admin('GET', `/tenants/${server.subdomain}/folders?mid=abc`)).status).toBe(400);
    expect((await server.admin('GET', '/tenants/mcnope/folders')).status).toBe(404);
    const root = res.body.items.find(
      (f: { customerKey: string }) => f.customerKey === 'dataextension_default',
    );
    const body = { mid: server.eid, name: 'Filed', key: 'Filed', fields: [{ name: 'A', type: 'Text' }] };
    const filed = await server.admin('POST', `/tenants/${server.subdomain}/data-extensions`, {
      ...body,
      description: 'from the admin API',
      categoryId: root.id,
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(filed.body).toMatchObject({ categoryId: root.id, description: 'from the admin API' });
    const lost = await server.admin('POST', `/tenants/${server.subdomain}/data-extensions`, {
      ...body,
      key: 'Lost2',
      categoryId: 999_999,
    });
    expect(lost.status).toBe(400);
    expect(JSON.stringify(lost.body)).toContain('categoryId');
  });

  it("Describe (DefinitionRequestMsg) defines the supported objects and a Data Extension's columns", async () => {
    const describe = (types: string[]) =>
      `<DefinitionRequestMsg ${NS}><DescribeRequests>${types
        .map((t) => `<ObjectDefinitionRequest><ObjectType>${t}</ObjectType></ObjectDefinitionRequest>`)
        .join('')}</DescribeRequests></DefinitionRequestMsg>`;
    await call(
      write(
        'Create',
        `<Objects ${XSI} xsi:type="DataExtension"><CustomerKey>Described</CustomerKey><Name>Described</Name><Fields><Field><Name>Id</Name><FieldType>Number</FieldType><IsPrimaryKey>true</IsPrimaryKey></Field></Fields></Objects>`,
      ),
      'Create',
    );
    const text = await call(describe(['DataFolder', 'DataExtensionObject[Described]']), 'Describe');
    expect(text).toContain('<DefinitionResponseMsg');
    expect(text).toMatch(/<RequestID>[0-9a-f-]{36}<\/RequestID>/);
    expect(text).toContain('<ObjectType>DataFolder</ObjectType>');
    expect(text).toContain('<Name>ContentType</Name><DataType>String</DataType>');
    expect(text).toContain('<Name>Id</Name><DataType>Int32</DataType>');
    const unknown = await soap(server, soapEnvelope(token, describe(['Nope'])), 'Describe');
    expect(unknown.status).toBe(500);
    expect(unknown.text).toContain('Unable to find a handler for object type: Nope.');
  });

  it('refuses bad folder and definition input per object, never as a server fault', async () => {
    const [root] = results(
      await call(retrieve('DataFolder', ['ID'], simple('CustomerKey', 'equals', ['dataextension_default']))),
    );
    const folder = (body: string) => `<Objects ${XSI} xsi:type="DataFolder">${body}</Objects>`;
    const de = (body: string) => `<Objects ${XSI} xsi:type="DataExtension">${body}</Objects>`;
    const cases: Array<[string, 'Create' | 'Update' | 'Delete', string]> = [
      [
        folder(`<Name></Name><ParentFolder><ID>${root?.ID}</ID></ParentFolder>`),
        'Create',
        'The folder Name is required.',
      ],
      [folder('<Name>x</Name>'), 'Create', 'Root folders cannot be created'],
      [
        folder('<Name>x</Name><ParentFolder><ID>abc</ID></ParentFolder>'),
        'Create',
        'ParentFolder ID must be a whole number.',
      ],
      [
        folder('<Name>x</Name><ParentFolder><ID>999999</ID></ParentFolder>'),
        'Create',
        'was not found in this business unit',
      ],
      [
        folder(
          `<Name>x</Name><ContentType>asset</ContentType><ParentFolder><ID>${root?.ID}</ID></ParentFolder>`,
        ),
        'Create',
        'does not match the parent folder',
      ],
      [
        folder(`<Name>a&#0;b</Name><ParentFolder><ID>${root?.ID}</ID></ParentFolder>`),
        'Create',
        'must not contain a NUL character',
      ],
      [folder(`<Description>&#xD800;</Description><ID>${root?.ID}</ID>`), 'Update', 'must not contain'],
      [
        folder(`<ID>${root?.ID}</ID><Name>Renamed</Name>`),
        'Update',
        'is a system folder and cannot be changed',
      ],
      [folder('<ID>999999</ID>'), 'Update', 'The folder was not found in this business unit'],
      [de('<CustomerKey>Nope</CustomerKey><Name>x</Name>'), 'Update', 'The data extension was not found'],
      [de('<ObjectID>not-a-guid</ObjectID>'), 'Delete', 'The data extension was not found'],
      [
        de(
          '<CustomerKey>Bad</CustomerKey><Name>Bad</Name><Description>a&#0;</Description><Fields><Field><Name>A</Name></Field></Fields>',
        ),
        'Create',
        'must not contain a NUL character',
      ],
      [
        de(
          '<CustomerKey>Bad</CustomerKey><Name>Bad</Name><IsSendable>true</IsSendable><Fields><Field><Name>A</Name></Field></Fields>',
        ),
        'Create',
        'A sendable data extension needs SendableDataExtensionField',
      ],
      [
        de(
          '<CustomerKey>Bad</CustomerKey><Name>Bad</Name><RetainUntil>soon</RetainUntil><Fields><Field><Name>A</Name></Field></Fields>',
        ),
        'Create',
        'RetainUntil &quot;soon&quot; is not an xsd:dateTime.',
      ],
      [
        de(
          '<CustomerKey>Bad</CustomerKey><Name>Bad</Name><DataRetentionPeriodUnitOfMeasure>9</DataRetentionPeriodUnitOfMeasure><Fields><Field><Name>A</Name></Field></Fields>',
        ),
        'Create',
        'DataRetentionPeriodUnitOfMeasure',
      ],
    ];
    for (const [object, op, message] of cases) {
      const text = await call(write(op, object), op);
      expect(text, object).toContain('<StatusCode>Error</StatusCode>');
      expect(text, object).toContain('<OverallStatus>Error</OverallStatus>');
      expect(text, object).toContain(message);
    }
  });

  it('DataExtensionTemplate lists the standard templates', async () => {
    const templates = results(
      await call(retrieve('DataExtensionTemplate', ['Name', 'CustomerKey', 'ObjectID'])),
    );
    expect(templates.map((t) => t.Name)).toContain('TriggeredSendDataExtension');
  });

  it('BusinessUnit needs accounts_read; QueryAllAccounts adds the BUs below', async () => {
    const denied = await soap(server, soapEnvelope(token, retrieve('BusinessUnit', ['ID', 'Name'])));
    expect(denied.status).toBe(500);
    expect(denied.text).toContain('Insufficient Privileges');
    const child = await server.admin('POST', `/tenants/${server.subdomain}/business-units`, {
      name: 'Child BU',
    });
    expect(child.status, JSON.stringify(child.body)).toBe(201);
    const patched = await server.admin(
      'PATCH',
      `/tenants/${server.subdomain}/packages/${server.packageId}/integration`,
      {
        scopes: ['data_extensions_read', 'data_extensions_write', 'accounts_read'],
      },
    );
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    token = await tokenFor(server);
    const own = results(await call(retrieve('BusinessUnit', ['ID', 'Name', 'ParentID'])));
    expect(own.map((b) => b.ID)).toEqual([String(server.eid)]);
    const all = results(
      await call(
        retrieve('BusinessUnit', ['ID', 'Name', 'ParentID'], '<QueryAllAccounts>true</QueryAllAccounts>'),
      ),
    );
    expect(all.map((b) => b.ID).sort()).toEqual([String(server.eid), String(child.body.mid)].sort());
    expect(all.find((b) => b.ID === String(child.body.mid))).toMatchObject({
      Name: 'Child BU',
      ParentID: String(server.eid),
    });
    const bad = await call(retrieve('BusinessUnit', ['ID', 'Nope']));
    expect(bad).toContain(
      '<OverallStatus>Error: The Request Property(s) Nope do not match with the fields of BusinessUnit retrieve</OverallStatus>',
    );
  });
});
