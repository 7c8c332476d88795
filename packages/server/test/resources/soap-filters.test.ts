import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';
import { memoryLogger } from '../support/memory-logger.js';
import { call, createContactsDe, soap, soapEnvelope, tokenFor } from './resource-helpers.js';

const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

const simple = (property: string, operator: string, values: string[] = [], tag = 'Value', as = 'Filter') =>
  `<${as} ${XSI} xsi:type="SimpleFilterPart"><Property>${property}</Property><SimpleOperator>${operator}</SimpleOperator>${values
    .map((v) => `<${tag}>${v}</${tag}>`)
    .join('')}</${as}>`;
const complex = (operator: 'AND' | 'OR', left: string, right: string, more: string[] = [], as = 'Filter') =>
  `<${as} ${XSI} xsi:type="ComplexFilterPart">${left.replace(/^<Filter/, '<LeftOperand').replace(/<\/Filter>$/, '</LeftOperand>')}<LogicalOperator>${operator}</LogicalOperator>${right
    .replace(/^<Filter/, '<RightOperand')
    .replace(/<\/Filter>$/, '</RightOperand>')}${
    more.length > 0
      ? `<AdditionalOperands>${more.map((m) => m.replace(/^<Filter/, '<Operand').replace(/<\/Filter>$/, '</Operand>')).join('')}</AdditionalOperands>`
      : ''
  }</${as}>`;

const retrieve = (objectType: string, props: string[], filter: string) =>
  `<RetrieveRequestMsg xmlns="http://exacttarget.com/wsdl/partnerAPI"><RetrieveRequest><ObjectType>${objectType}</ObjectType>${props
    .map((p) => `<Properties>${p}</Properties>`)
    .join('')}${filter}</RetrieveRequest></RetrieveRequestMsg>`;

const ROWS = [
  { Id: 'r1', Email: 'ann@example.com', Age: '40', Joined: '2026-01-10' },
  { Id: 'r2', Email: 'ben@example.org', Age: '25' },
  { Id: 'r3', Email: 'cy@example.com', Age: '31', Joined: '2025-12-31' },
  { Id: 'r4', Email: 'dee@Example.NET' },
];

describe.each(BACKENDS)('SOAP Retrieve filters on rows ($name)', (backend) => {
  let server: TestServer;
  let token: string;
  let log: ReturnType<typeof memoryLogger>;
  const ids = async (filter: string): Promise<string[]> => {
    const res = await soap(
      server,
      soapEnvelope(token, retrieve('DataExtensionObject[Contacts]', ['Id'], filter)),
    );
    expect(res.text, log.text().slice(-3000)).toContain('<OverallStatus>OK</OverallStatus>');
    return [...res.text.matchAll(/<Name>Id<\/Name><Value>([^<]*)<\/Value>/g)]
      .map((m) => m[1] as string)
      .sort();
  };

  beforeAll(async () => {
    log = memoryLogger();
    server = await startTestServer({
      now: () => Date.parse('2026-03-01T10:00:00Z'),
      logger: log.logger,
      ...backend.serverOptions(),
    });
    token = await tokenFor(server);
    await createContactsDe(server, server.eid);
    const objects = ROWS.map(
      (row) =>
        `<Objects ${XSI} xsi:type="DataExtensionObject"><CustomerKey>Contacts</CustomerKey><Properties>${Object.entries(
          row,
        )
          .map(([n, v]) => `<Property><Name>${n}</Name><Value>${v}</Value></Property>`)
          .join('')}</Properties></Objects>`,
    ).join('');
    const res = await soap(
      server,
      soapEnvelope(
        token,
        `<CreateRequest xmlns="http://exacttarget.com/wsdl/partnerAPI">${objects}</CreateRequest>`,
      ),
      'Create',
    );
    expect(res.text).toContain('<OverallStatus>OK</OverallStatus>');
  });
  afterAll(async () => {
    await server?.close();
    await backend.cleanup();
  });

  it('answers each operator from the database', async () => {
    expect(await ids(simple('Id', 'IN', ['r1', 'R3', 'zz']))).toEqual(['r1', 'r3']);
    expect(await ids(simple('Age', 'notEquals', ['40']))).toEqual(['r2', 'r3']);
    expect(await ids(simple('Age', 'greaterThan', ['30']))).toEqual(['r1', 'r3']);
    expect(await ids(simple('Age', 'lessThan', ['31']))).toEqual(['r2']);
    expect(await ids(simple('Age', 'greaterThanOrEqual', ['31']))).toEqual(['r1', 'r3']);
    expect(await ids(simple('Age', 'lessThanOrEqual', ['31']))).toEqual(['r2', 'r3']);
    expect(await ids(simple('Age', 'between', ['25', '31']))).toEqual(['r2', 'r3']);
    expect(await ids(simple('Age', 'isNull'))).toEqual(['r4']);
    expect(await ids(simple('Joined', 'isNotNull'))).toEqual(['r1', 'r3']);
    expect(await ids(simple('Email', 'like', ['%@example.com']))).toEqual(['r1', 'r3']);
    expect(await ids(simple('Email', 'like', ['%EXAMPLE.net']))).toEqual(['r4']);
    expect(await ids(simple('Joined', 'greaterThan', ['2026-01-01T00:00:00'], 'DateValue'))).toEqual(['r1']);
  });

  it('combines with AND, OR, nesting and AdditionalOperands', async () => {
    expect(await ids(complex('OR', simple('Id', 'equals', ['r2']), simple('Age', 'isNull')))).toEqual([
      'r2',
      'r4',
    ]);
    expect(
      await ids(
        complex(
          'AND',
          simple('Email', 'like', ['%.com']),
          complex('OR', simple('Age', 'greaterThan', ['35']), simple('Joined', 'lessThan', ['2026-01-01'])),
        ),
      ),
    ).toEqual(['r1', 'r3']);
    expect(
      await ids(
        complex('OR', simple('Id', 'equals', ['r1']), simple('Id', 'equals', ['r2']), [
          simple('Id', 'equals', ['r4']),
        ]),
      ),
    ).toEqual(['r1', 'r2', 'r4']);
    // Equality joined by AND takes the indexed path.
    expect(
      await ids(complex('AND', simple('Id', 'equals', ['r1']), simple('Age', 'equals', ['40']))),
    ).toEqual(['r1']);
  });

  it('pages a filtered read: MoreDataAvailable, then ContinueRequest carries the filter tree', async () => {
    const created = await server.admin('POST', `/tenants/${server.subdomain}/data-extensions`, {
      mid: server.eid,
      name: 'Numbers',
      key: 'Numbers',
      fields: [
        { name: 'N', type: 'Number', isPrimaryKey: true },
        { name: 'Parity', type: 'Text', length: 4 },
      ],
    });
    expect(created.status).toBe(201);
    const rows = Array.from({ length: 6000 }, (_, i) => ({
      keys: { N: i },
      values: { Parity: i % 2 ? 'odd' : 'even' },
    }));
    const put = await call('POST', `${server.restBaseUri}hub/v1/dataevents/key:Numbers/rowset`, {
      token,
      body: rows,
    });
    expect(put.status, put.text).toBe(200);
    // 3 000 even numbers and 10 odd ones below 20: 2 500, then 510.
    const filter = complex('OR', simple('Parity', 'equals', ['EVEN']), simple('N', 'lessThan', ['20']));
    const first = await soap(
      server,
      soapEnvelope(token, retrieve('DataExtensionObject[Numbers]', ['N'], filter)),
    );
    expect(first.text).toContain('<OverallStatus>MoreDataAvailable</OverallStatus>');
    expect(first.text.match(/<Results /g)).toHaveLength(2500);
    const id = /<RequestID>([^<]+)<\/RequestID>/.exec(first.text)?.[1] as string;
    const second = await soap(
      server,
      soapEnvelope(
        token,
        `<RetrieveRequestMsg xmlns="http://exacttarget.com/wsdl/partnerAPI"><RetrieveRequest><ContinueRequest>${id}</ContinueRequest></RetrieveRequest></RetrieveRequestMsg>`,
      ),
    );
    expect(second.text).toContain('<OverallStatus>OK</OverallStatus>');
    expect(second.text.match(/<Results /g)).toHaveLength(510);
  });

  it('reports a bad value or column as an Error status, an unknown operator as a fault', async () => {
    const bad = await soap(
      server,
      soapEnvelope(
        token,
        retrieve('DataExtensionObject[Contacts]', ['Id'], simple('Age', 'greaterThan', ['old'])),
      ),
    );
    expect(bad.status).toBe(200);
    expect(bad.text).toMatch(/<OverallStatus>Error: Filter: .*Age/);
    const column = await soap(
      server,
      soapEnvelope(token, retrieve('DataExtensionObject[Contacts]', ['Id'], simple('Nope', 'IN', ['a']))),
    );
    expect(column.text).toContain('Error: The column [Nope] does not exist in data extension Contacts.');
    const operator = await soap(
      server,
      soapEnvelope(
        token,
        retrieve('DataExtensionObject[Contacts]', ['Id'], simple('Id', 'startsWith', ['a'])),
      ),
    );
    expect(operator.status).toBe(500);
    expect(operator.text).toContain('>soap:Client</faultcode>');
    expect(operator.text).toContain('&apos;startsWith&apos; is not a valid value for SimpleOperators.');
  });
});
