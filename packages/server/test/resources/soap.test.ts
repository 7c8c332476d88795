import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';
import { call, createContactsDe, soap, soapEnvelope, tokenFor } from './resource-helpers.js';

const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

const retrieve = (objectType: string, props: string[], filter = '') =>
  `<RetrieveRequestMsg xmlns="http://exacttarget.com/wsdl/partnerAPI"><RetrieveRequest><ObjectType>${objectType}</ObjectType>${props
    .map((p) => `<Properties>${p}</Properties>`)
    .join('')}${filter}</RetrieveRequest></RetrieveRequestMsg>`;

const equalsFilter = (property: string, value: string) =>
  `<Filter ${XSI} xsi:type="SimpleFilterPart"><Property>${property}</Property><SimpleOperator>equals</SimpleOperator><Value>${value}</Value></Filter>`;
const rowObject = (key: string, props: Record<string, string>, container = 'Properties') =>
  `<Objects ${XSI} xsi:type="DataExtensionObject"><CustomerKey>${key}</CustomerKey><${container}>${Object.entries(
    props,
  )
    .map(
      ([n, v]) =>
        `<${container === 'Keys' ? 'Key' : 'Property'}><Name>${n}</Name><Value>${v}</Value></${container === 'Keys' ? 'Key' : 'Property'}>`,
    )
    .join('')}</${container}></Objects>`;

const write = (op: 'Create' | 'Update' | 'Delete', objects: string, options = '') =>
  `<${op}Request xmlns="http://exacttarget.com/wsdl/partnerAPI">${options}${objects}</${op}Request>`;

function expectFault(res: { status: number; text: string }, code: string, message: RegExp): void {
  expect(res.status, res.text).toBe(500);
  expect(res.text).toContain('<soap:Fault>');
  expect(res.text).toContain(`<faultcode`);
  expect(res.text).toMatch(new RegExp(`>${code}</faultcode>`));
  expect(res.text).toMatch(message);
  expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+/);
}

describe.each(BACKENDS)('SOAP Service.asmx ($name)', (backend) => {
  let now = Date.parse('2026-03-01T10:00:00Z');
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer({ now: () => now, ...backend.serverOptions() });
    token = await tokenFor(server);
    await createContactsDe(server, server.eid);
  });
  afterAll(async () => {
    await server?.close();
    await backend.cleanup();
  });

  it('Create, Retrieve with a filter, Update, Delete of DataExtensionObject', async () => {
    const created = await soap(
      server,
      soapEnvelope(
        token,
        write(
          'Create',
          rowObject('Contacts', { Id: 's-1', Email: 'ann@example.com', Age: '40' }) +
            rowObject('Contacts', { Id: 's-2', Email: 'ben&amp;co@example.com' }),
        ),
      ),
      'Create',
    );
    expect(created.status, created.text).toBe(200);
    expect(created.headers.get('content-type')).toContain('text/xml');
    expect(created.text).toContain('<soap:Envelope');
    expect(created.text).toContain('<OverallStatus>OK</OverallStatus>');
    expect(created.text).toContain('<StatusMessage>Created DataExtensionObject</StatusMessage>');

    const got = await soap(
      server,
      soapEnvelope(
        token,
        retrieve('DataExtensionObject[Contacts]', ['Id', 'Email', 'Age'], equalsFilter('Id', 's-2')),
      ),
    );
    expect(got.status).toBe(200);
    expect(got.text).toContain('<OverallStatus>OK</OverallStatus>');
    expect(got.text).toContain(
      '<Property><Name>Email</Name><Value>ben&amp;co@example.com</Value></Property>',
    );
    expect(got.text).not.toContain('s-1');

    // The same rows over REST.
    const rest = await call('GET', `${server.restBaseUri}data/v1/customobjectdata/key/Contacts/rowset`, {
      token,
    });
    expect(rest.body.items.map((i: any) => i.keys.id)).toEqual(['s-1', 's-2']);

    const updated = await soap(
      server,
      soapEnvelope(token, write('Update', rowObject('Contacts', { Id: 's-1', Age: '41' }))),
      'Update',
    );
    expect(updated.text).toContain('<StatusMessage>Updated DataExtensionObject</StatusMessage>');
    const missing = await soap(
      server,
      soapEnvelope(token, write('Update', rowObject('Contacts', { Id: 'nope', Age: '1' }))),
      'Update',
    );
    expect(missing.text).toContain('<OverallStatus>Error</OverallStatus>');
    expect(missing.text).toContain('No row with this primary key exists.');

    const deleted = await soap(
      server,
      soapEnvelope(token, write('Delete', rowObject('Contacts', { Id: 's-2' }, 'Keys'))),
      'Delete',
    );
    expect(deleted.text).toContain('<StatusMessage>Deleted DataExtensionObject</StatusMessage>');
    const all = await soap(
      server,
      soapEnvelope(token, retrieve('DataExtensionObject[Contacts]', ['Id', 'Age'])),
    );
    expect(all.text).toContain('<Property><Name>Age</Name><Value>41</Value></Property>');
    expect(all.text).not.toContain('s-2');
  });

  it('a Create with one bad object saves nothing and names the bad one', async () => {
    const res = await soap(
      server,
      soapEnvelope(
        token,
        write(
          'Create',
          rowObject('Contacts', { Id: 'n-1', Email: 'ok@example.com' }) +
            rowObject('Contacts', { Id: 'n-2', Email: 'bad' }),
        ),
      ),
      'Create',
    );
    expect(res.status).toBe(200);
    expect(res.text).toContain('<OverallStatus>Error</OverallStatus>');
    expect(res.text).toContain('The value for column [Email] is not a valid email address.');
    expect(res.text).toContain('Not saved: another object in this request failed.');
    const rest = await call('GET', `${server.restBaseUri}data/v1/customobjectdata/key/Contacts/rowset`, {
      token,
    });
    expect(rest.body.items.map((i: any) => i.keys.id)).not.toContain('n-1');
  });

  it('Create of a DataExtension, then Retrieve of DataExtension by CustomerKey; UpdateAdd upserts', async () => {
    const de =
      `<Objects ${XSI} xsi:type="DataExtension"><CustomerKey>Orders</CustomerKey><Name>Orders</Name><Fields>` +
      '<Field><Name>OrderId</Name><FieldType>Number</FieldType><IsPrimaryKey>true</IsPrimaryKey><IsRequired>true</IsRequired></Field>' +
      '<Field><Name>Total</Name><FieldType>Decimal</FieldType><Precision>8</Precision><Scale>2</Scale></Field></Fields></Objects>';
    const created = await soap(server, soapEnvelope(token, write('Create', de)), 'Create');
    expect(created.text, created.text).toContain('<OverallStatus>OK</OverallStatus>');
    const again = await soap(server, soapEnvelope(token, write('Create', de)), 'Create');
    expect(again.text).toContain('already exists');
    const found = await soap(
      server,
      soapEnvelope(
        token,
        retrieve('DataExtension', ['CustomerKey', 'Name'], equalsFilter('CustomerKey', 'orders')),
      ),
    );
    expect(found.text).toContain('<CustomerKey>Orders</CustomerKey>');
    expect(found.text).not.toContain('<CustomerKey>Contacts</CustomerKey>');
    const updateAdd =
      '<Options><SaveOptions><SaveOption><PropertyName>*</PropertyName><SaveAction>UpdateAdd</SaveAction></SaveOption></SaveOptions></Options>';
    const upsert = await soap(
      server,
      soapEnvelope(token, write('Update', rowObject('Orders', { OrderId: '7', Total: '9.5' }), updateAdd)),
      'Update',
    );
    expect(upsert.text).toContain('<OverallStatus>OK</OverallStatus>');
    const audit = await server.admin('GET', `/tenants/${server.subdomain}/audit-events`);
    expect(
      audit.body.items.some(
        (e: any) => e.action === 'data_extension.created' && e.actor === `client:${server.clientId}`,
      ),
    ).toBe(true);
  });

  it('objects for several Data Extensions in one request: per-object results in order, all or nothing', async () => {
    const created = await server.admin('POST', `/tenants/${server.subdomain}/data-extensions`, {
      mid: server.eid,
      name: 'Pairs',
      key: 'Pairs',
      fields: [
        { name: 'K', type: 'Number', isPrimaryKey: true },
        { name: 'Flag', type: 'Boolean' },
      ],
    });
    expect(created.status).toBe(201);
    const objects = (flag: string) =>
      rowObject('Contacts', { Id: 'm-1', Email: 'm1@example.com' }) +
      rowObject('Pairs', { K: '1', Flag: 'true' }) +
      rowObject('Contacts', { Id: 'm-2', Email: 'm2@example.com' }) +
      rowObject('Pairs', { K: '2', Flag: flag }) +
      rowObject('Nope', { K: '3' });
    const failed = await soap(server, soapEnvelope(token, write('Create', objects('maybe'))), 'Create');
    const statuses = (xml: string) =>
      [
        ...xml.matchAll(
          /<Results><StatusCode>(\w+)<\/StatusCode><StatusMessage>([^<]*)<\/StatusMessage><OrdinalID>(\d)/g,
        ),
      ].map((m) => [Number(m[3]), m[1], m[2]]);
    expect(statuses(failed.text)).toEqual([
      [0, 'Error', 'Not saved: another object in this request failed.'],
      [1, 'Error', 'Not saved: another object in this request failed.'],
      [2, 'Error', 'Not saved: another object in this request failed.'],
      [3, 'Error', 'The value for column [Flag] is not a boolean (true/false, 1/0, Y/N).'],
      [4, 'Error', 'The data extension was not found in this business unit (CustomerKey or Name).'],
    ]);
    const ok = await soap(
      server,
      soapEnvelope(
        token,
        write('Create', objects('false').replace(/<Objects[^>]*><CustomerKey>Nope.*$/, '')),
      ),
      'Create',
    );
    expect(statuses(ok.text).map(([o, s]) => [o, s])).toEqual([
      [0, 'OK'],
      [1, 'OK'],
      [2, 'OK'],
      [3, 'OK'],
    ]);
    expect(
      [...ok.text.matchAll(/<Object [^>]*>.*?<CustomerKey>(\w+)<\/CustomerKey>/g)].map((m) => m[1]),
    ).toEqual(['Contacts', 'Pairs', 'Contacts', 'Pairs']);
    // The same row deleted twice in one request: the second finds nothing, so nothing is deleted.
    const twice = await soap(
      server,
      soapEnvelope(
        token,
        write('Delete', rowObject('Pairs', { K: '1' }, 'Keys') + rowObject('Pairs', { K: '1' }, 'Keys')),
      ),
      'Delete',
    );
    expect(statuses(twice.text)).toEqual([
      [0, 'Error', 'Not saved: another object in this request failed.'],
      [1, 'Error', 'No row with this primary key exists.'],
    ]);
    const pairs = await call('GET', `${server.restBaseUri}data/v1/customobjectdata/key/Pairs/rowset`, {
      token,
    });
    expect(pairs.body.count).toBe(2);
  });

  it('Create of a DataExtension with sizes that are not whole numbers is refused, nothing created', async () => {
    const de =
      `<Objects ${XSI} xsi:type="DataExtension"><CustomerKey>BadSizes</CustomerKey><Name>BadSizes</Name><Fields>` +
      '<Field><Name>Code</Name><FieldType>Text</FieldType><MaxLength>abc</MaxLength></Field>' +
      '<Field><Name>Amount</Name><FieldType>Decimal</FieldType><Precision>12x</Precision><Scale>2</Scale></Field>' +
      '</Fields></Objects>';
    const res = await soap(server, soapEnvelope(token, write('Create', de)), 'Create');
    expect(res.status, res.text).toBe(200);
    expect(res.text).toContain('<OverallStatus>Error</OverallStatus>');
    expect(res.text).toContain('fields[0].length: a whole number 1–4000');
    expect(res.text).toContain('fields[1]: Decimal needs whole numbers');
    const found = await soap(
      server,
      soapEnvelope(
        token,
        retrieve('DataExtension', ['CustomerKey'], equalsFilter('CustomerKey', 'BadSizes')),
      ),
    );
    expect(found.text).toContain('<OverallStatus>OK</OverallStatus>');
    expect(found.text).not.toContain('BadSizes');
  });

  it('Retrieve pages by 2500: MoreDataAvailable, then ContinueRequest; a forged ContinueRequest is an Error status', async () => {
    const created = await server.admin('POST', `/tenants/${server.subdomain}/data-extensions`, {
      mid: server.eid,
      name: 'Many',
      key: 'Many',
      fields: [{ name: 'N', type: 'Number', isPrimaryKey: true }],
    });
    expect(created.status).toBe(201);
    const rows = Array.from({ length: 2600 }, (_, i) => ({ keys: { N: i } }));
    const put = await call('POST', `${server.restBaseUri}hub/v1/dataevents/key:Many/rowset`, {
      token,
      body: rows,
    });
    expect(put.status, put.text).toBe(200);
    const first = await soap(server, soapEnvelope(token, retrieve('DataExtensionObject[Many]', ['N'])));
    expect(first.text).toContain('<OverallStatus>MoreDataAvailable</OverallStatus>');
    expect(first.text.match(/<Results /g)).toHaveLength(2500);
    const requestId = /<RequestID>([^<]+)<\/RequestID>/.exec(first.text)?.[1] ?? '';
    const cont = (id: string) =>
      soapEnvelope(
        token,
        `<RetrieveRequestMsg xmlns="http://exacttarget.com/wsdl/partnerAPI"><RetrieveRequest><ContinueRequest>${id}</ContinueRequest></RetrieveRequest></RetrieveRequestMsg>`,
      );
    const second = await soap(server, cont(requestId));
    expect(second.text).toContain('<OverallStatus>OK</OverallStatus>');
    expect(second.text.match(/<Results /g)).toHaveLength(100);
    const forged = (spec: object) => `c.${Buffer.from(JSON.stringify(spec)).toString('base64url')}`;
    for (const id of [
      forged({ mid: server.eid, objectType: 'DataExtensionObject[Many]', page: 'x', properties: 5 }),
      forged({
        mid: server.eid,
        objectType: 'DataExtensionObject[Many]',
        page: 2,
        properties: [],
        filter: 7,
      }),
      forged({
        mid: server.eid + 1,
        objectType: 'DataExtensionObject[Many]',
        page: 2,
        properties: [],
        filter: '',
      }),
      'c.not-json',
      'nonsense',
    ]) {
      const res = await soap(server, cont(id));
      expect(res.status, res.text).toBe(200);
      expect(res.text).toContain('<OverallStatus>Error: The ContinueRequest id is not valid');
    }
  });

  it('Retrieve filters on names with spaces, and on values containing " and "', async () => {
    const de =
      `<Objects ${XSI} xsi:type="DataExtension"><CustomerKey>SalesMarketing</CustomerKey><Name>Sales and Marketing</Name><Fields>` +
      '<Field><Name>Full Name</Name><FieldType>Text</FieldType><MaxLength>80</MaxLength><IsPrimaryKey>true</IsPrimaryKey></Field>' +
      '</Fields></Objects>';
    const created = await soap(server, soapEnvelope(token, write('Create', de)), 'Create');
    expect(created.text).toContain('<OverallStatus>OK</OverallStatus>');
    const byName = await soap(
      server,
      soapEnvelope(
        token,
        retrieve('DataExtension', ['CustomerKey', 'Name'], equalsFilter('Name', 'sales and marketing')),
      ),
    );
    expect(byName.text).toContain('<OverallStatus>OK</OverallStatus>');
    expect(byName.text).toContain('<CustomerKey>SalesMarketing</CustomerKey>');
    const unsupported = await soap(
      server,
      soapEnvelope(token, retrieve('DataExtension', ['CustomerKey'], equalsFilter('IsSendable', 'true'))),
    );
    // Every DataExtension property filters (issue 13); none of these is sendable.
    expect(unsupported.text).toContain('<OverallStatus>OK</OverallStatus>');
    expect(unsupported.text).not.toContain('<Results');
    const unknownProperty = await soap(
      server,
      soapEnvelope(token, retrieve('DataExtension', ['CustomerKey'], equalsFilter('Nope', 'x'))),
    );
    expect(unknownProperty.text).toContain(
      '<OverallStatus>Error: The Filter Property Nope does not match with the fields of DataExtension retrieve.',
    );
    const row = await soap(
      server,
      soapEnvelope(token, write('Create', rowObject('SalesMarketing', { 'Full Name': "Ann O'Neil and Co" }))),
      'Create',
    );
    expect(row.text).toContain('<OverallStatus>OK</OverallStatus>');
    const found = await soap(
      server,
      soapEnvelope(
        token,
        retrieve(
          'DataExtensionObject[SalesMarketing]',
          ['Full Name'],
          equalsFilter('Full Name', "ann o'neil and co"),
        ),
      ),
    );
    expect(found.text).toContain('<OverallStatus>OK</OverallStatus>');
    expect(found.text).toContain(
      '<Property><Name>Full Name</Name><Value>Ann O&apos;Neil and Co</Value></Property>',
    );
  });

  it('a ComplexFilterPart without RightOperand is an Error status, not a fault', async () => {
    const res = await soap(
      server,
      soapEnvelope(
        token,
        retrieve(
          'DataExtensionObject[Contacts]',
          ['Id'],
          '<Filter><LeftOperand><Property>Id</Property><SimpleOperator>equals</SimpleOperator><Value>a</Value></LeftOperand><LogicalOperator>AND</LogicalOperator></Filter>',
        ),
      ),
    );
    expect(res.status).toBe(200);
    expect(res.text).toContain(
      '<OverallStatus>Error: A ComplexFilterPart needs LeftOperand and RightOperand.',
    );
  });

  it('Retrieve errors are reported in OverallStatus', async () => {
    const unknownType = await soap(server, soapEnvelope(token, retrieve('Subscriber', ['EmailAddress'])));
    expect(unknownType.text).toContain(
      '<OverallStatus>Error: Unable to find a handler for object type: Subscriber. Object types are case-sensitive, check spelling.</OverallStatus>',
    );
    const unknownColumn = await soap(
      server,
      soapEnvelope(token, retrieve('DataExtensionObject[Contacts]', ['Nope'])),
    );
    expect(unknownColumn.text).toContain('Error: The column [Nope] does not exist');
    const unknownDe = await soap(server, soapEnvelope(token, retrieve('DataExtensionObject[Nope]', ['Id'])));
    expect(unknownDe.text).toContain('was not found in this business unit');
  });

  it('security faults: missing, invalid, expired, other tenant, missing scope', async () => {
    const body = retrieve('DataExtensionObject[Contacts]', ['Id']);
    expectFault(await soap(server, soapEnvelope(undefined, body)), 'q0:Security', /fueloauth/);
    expectFault(
      await soap(server, soapEnvelope('not-a-token', body)),
      'q0:Security',
      /SOAP Authorization failed/,
    );
    const readOnly = await tokenFor(server, { scope: 'data_extensions_read' });
    expectFault(
      await soap(
        server,
        soapEnvelope(readOnly, write('Create', rowObject('Contacts', { Id: 'x', Email: 'x@example.com' }))),
      ),
      'q0:Security',
      /Insufficient Privileges/,
    );
    expect((await soap(server, soapEnvelope(readOnly, body))).status).toBe(200);
    const expiring = await tokenFor(server);
    now += 1300 * 1000;
    try {
      const res = await soap(server, soapEnvelope(expiring, body));
      expectFault(res, 'q0:Security', /<faultstring>Token Expired<\/faultstring>/);
      expect(res.text).toContain(`<faultactor>${server.soapBaseUri}Service.asmx</faultactor>`);
      expect(res.text).toContain(
        'xmlns:q0="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"',
      );
    } finally {
      now -= 1300 * 1000;
    }
    const other = await server.admin('POST', '/tenants', { name: 'Soap Other' });
    const wrong = await call('POST', `${other.body.soapBaseUri}Service.asmx`, {
      raw: soapEnvelope(token, body),
      contentType: 'text/xml',
    });
    expectFault(wrong, 'q0:Security', /not valid for this tenant/);
  });

  it('malicious and malformed XML: XXE, billion laughs, malformed, not XML → soap:Client faults', async () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
      soapEnvelope(token, retrieve('DataExtensionObject[Contacts]', ['&xxe;']));
    const xxeRes = await soap(server, xxe);
    expectFault(xxeRes, 'soap:Client', /DTDs and entity declarations are not allowed/);
    expect(xxeRes.text).not.toContain('root:');
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]><lolz>&lol2;</lolz>';
    expectFault(await soap(server, laughs), 'soap:Client', /DTDs and entity declarations are not allowed/);
    // Entity references without a DTD stay text: never expanded, never an error.
    const undeclared = await soap(
      server,
      soapEnvelope(token, retrieve('DataExtensionObject[Contacts]', ['&lol2;'])),
    );
    expect(undeclared.text).toContain('Error: The column [&amp;lol2;] does not exist');
    expectFault(await soap(server, '<soap:Envelope><soap:Body>'), 'soap:Client', /not well-formed XML/);
    expectFault(await soap(server, 'definitely not xml'), 'soap:Client', /not well-formed XML/);
    expectFault(
      await soap(server, soapEnvelope(token, '<ExecuteRequest/>')),
      'soap:Client',
      /Unsupported operation ExecuteRequest/,
    );
    expectFault(
      await call('POST', `${server.soapBaseUri}Service.asmx`, { body: { a: 1 } }),
      'soap:Client',
      /text\/xml/,
    );
    const huge = soapEnvelope(token, `<RetrieveRequestMsg>${'<x/>'.repeat(1_400_000)}</RetrieveRequestMsg>`);
    expectFault(await soap(server, huge), 'soap:Client', /larger than 5 MB/);
    // Deep nesting (half a million levels, under 5 MB) is refused quickly, never recursed into.
    const started = Date.now();
    const deep = soapEnvelope(
      token,
      `<RetrieveRequestMsg>${'<a>'.repeat(500_000)}${'</a>'.repeat(500_000)}</RetrieveRequestMsg>`,
    );
    expectFault(await soap(server, deep), 'soap:Client', /nests elements more than 100 deep/);
    expect(Date.now() - started).toBeLessThan(10_000);
    // 5 MB of empty objects: refused, not answered with ~100 MB of results.
    expectFault(
      await soap(server, soapEnvelope(token, write('Create', '<Objects/>'.repeat(32_001))), 'Create'),
      'soap:Client',
      /at most 32000 objects; this one has 32001/,
    );
    const badUrl = await call('POST', `${server.soapBaseUri}Service.asmx%E0%A4%A`, {
      raw: soapEnvelope(token, '<RetrieveRequestMsg/>'),
      contentType: 'text/xml',
    });
    expectFault(badUrl, 'soap:Client', /The URL is malformed/);
    const justDeep = soapEnvelope(
      token,
      `<RetrieveRequestMsg>${'<a>'.repeat(101)}${'</a>'.repeat(101)}</RetrieveRequestMsg>`,
    );
    expectFault(await soap(server, justDeep), 'soap:Client', /nests elements more than 100 deep/);
  });
});
