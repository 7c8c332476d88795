import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';
import {
  call,
  createContactsDe,
  expectResourceError,
  soap,
  soapEnvelope,
  tokenFor,
} from './resource-helpers.js';

const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const NS = 'http://exacttarget.com/wsdl/partnerAPI';

/**
 * Issue 8, finding 6: a NUL (or an unpaired surrogate) in a key answered 500 on PostgreSQL
 * ("invalid byte sequence 0x00") and 404 on SQLite. Both stores now answer alike, before the store.
 */
describe.each(BACKENDS)('text no store keeps as sent, in the resource APIs ($name)', (backend) => {
  let s: TestServer;
  let token: string;
  let rest: string;
  beforeAll(async () => {
    s = await startTestServer(backend.serverOptions());
    token = await tokenFor(s);
    await createContactsDe(s, s.eid);
    rest = s.restBaseUri;
  });
  afterAll(async () => {
    await s?.close();
    await backend.cleanup();
  });

  it('a NUL in a Data Extension key, id or async request id of the URL is a 404', async () => {
    const row = [{ keys: { Id: '1' }, values: { Email: 'a@example.com' } }];
    const cases: Array<[string, string, unknown?]> = [
      ['GET', 'data/v1/customobjectdata/key/a%00b/rowset'],
      ['GET', 'data/v1/async/a%00b/status'],
      ['GET', 'data/v1/async/a%00b/results'],
      ['POST', 'hub/v1/dataevents/key:a%00b/rowset', row],
      ['POST', 'hub/v1/dataevents/a%00b/rowset', row],
      ['PUT', 'hub/v1/dataevents/key:Contacts/rows/Id:a%00', { values: { Email: 'a@example.com' } }],
      ['PUT', 'data/v1/async/dataextensions/key:a%00/rows', { items: [{ Id: '1' }] }],
    ];
    for (const [method, path, body] of cases) {
      const res = await call(method, `${rest}${path}`, { token, ...(body === undefined ? {} : { body }) });
      expectResourceError(res, 404, 30003);
      expect(res.body.message, path).toMatch(/^Nothing was found for the \w+ in the URL\.$/);
    }
    // the bearer check still comes first
    expectResourceError(await call('GET', `${rest}data/v1/async/a%00b/status`), 401, 0);
  });

  it('a NUL or an unpaired surrogate in a body or query is a 400 naming where it is, and nothing is stored', async () => {
    const rowset = `${rest}hub/v1/dataevents/key:Contacts/rowset`;
    // JSON.stringify writes an unpaired surrogate as the escape `\ud800`, as an attacker would.
    for (const [id, problem] of [
      ['x\u0000', 'a NUL character'],
      ['x\ud800', 'an unpaired surrogate (text that is not UTF-8)'],
    ] as const) {
      const res = await call('POST', rowset, {
        token,
        body: [{ keys: { Id: id }, values: { Email: 'a@example.com' } }],
      });
      expectResourceError(res, 400, 10000);
      expect(res.body.message).toBe(`[0].keys.Id: must not contain ${problem}.`);
    }
    const async = await call('PUT', `${rest}data/v1/async/dataextensions/key:Contacts/rows`, {
      token,
      body: { items: [{ Id: 'q', Email: 'a@example.com', Phone: '\u0000' }] },
    });
    expectResourceError(async, 400, 10000);
    expect(async.body.message).toBe('items[0].Phone: must not contain a NUL character.');
    const filtered = await call(
      'GET',
      `${rest}data/v1/customobjectdata/key/Contacts/rowset?$filter=Id%20eq%20'a%00'`,
      {
        token,
      },
    );
    expectResourceError(filtered, 400, 10000);
    expect(filtered.body.message).toBe('$filter: must not contain a NUL character.');
    const read = await call('GET', `${rest}data/v1/customobjectdata/key/Contacts/rowset`, { token });
    expect(read.body.count).toBe(0);
  });

  it('SOAP: a NUL key is the not-found answer of Retrieve and of each written object, a NUL value an object error', async () => {
    const retrieve = (objectType: string) =>
      `<RetrieveRequestMsg xmlns="${NS}"><RetrieveRequest><ObjectType>${objectType}</ObjectType><Properties>Id</Properties></RetrieveRequest></RetrieveRequestMsg>`;
    for (const key of ['a&#0;b', 'a\u0000b', 'a&#xD800;']) {
      const res = await soap(s, soapEnvelope(token, retrieve(`DataExtensionObject[${key}]`)));
      expect(res.status, res.text).toBe(200);
      expect(res.text).toContain(
        '<OverallStatus>Error: The data extension of the ObjectType was not found in this business unit.</OverallStatus>',
      );
    }
    const object = (key: string, id: string) =>
      `<Objects ${XSI} xsi:type="DataExtensionObject"><CustomerKey>${key}</CustomerKey><Properties><Property><Name>Id</Name><Value>${id}</Value></Property><Property><Name>Email</Name><Value>a@example.com</Value></Property></Properties></Objects>`;
    const create = (objects: string) =>
      soap(s, soapEnvelope(token, `<CreateRequest xmlns="${NS}">${objects}</CreateRequest>`), 'Create');
    for (const key of ['a&#0;b', 'a\u0000b']) {
      const res = await create(object(key, '1'));
      expect(res.status, res.text).toBe(200);
      expect(res.text).toContain(
        '<StatusMessage>The data extension was not found in this business unit (CustomerKey or Name).</StatusMessage>',
      );
    }
    const value = await create(object('Contacts', 'a&#0;'));
    expect(value.status, value.text).toBe(200);
    expect(value.text).toContain(
      '<StatusMessage>The value for column [Id] must not contain a NUL character.</StatusMessage>',
    );
    // no row was written: the answer of a row with a NUL would not even be XML
    const rows = await soap(s, soapEnvelope(token, retrieve('DataExtensionObject[Contacts]')));
    expect(rows.text).not.toContain('<Results');
  });
});
