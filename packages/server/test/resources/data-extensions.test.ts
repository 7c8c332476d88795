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

describe.each(BACKENDS)('Data Extension rows over REST ($name)', (backend) => {
  let server: TestServer;
  let token: string;
  let rowset: string;
  let read: string;

  beforeAll(async () => {
    server = await startTestServer(backend.serverOptions());
    token = await tokenFor(server);
    await createContactsDe(server, server.eid);
    rowset = `${server.restBaseUri}hub/v1/dataevents/key:Contacts/rowset`;
    read = `${server.restBaseUri}data/v1/customobjectdata/key/Contacts/rowset`;
  });
  afterAll(async () => {
    await server?.close();
    await backend.cleanup();
  });

  it('a real write and a read back: upsert echoes, read gives lower-cased names and string values', async () => {
    const rows = [
      {
        keys: { Id: 'c-1' },
        values: { Email: 'ada@example.com', Age: 36, Balance: '12.5', Joined: '2024-06-23' },
      },
      {
        keys: { id: 'c-2' },
        values: { email: 'bob@example.com', Active: false, Locale: 'en-us', Phone: '+1 555 0100' },
      },
    ];
    const res = await call('POST', rowset, { token, body: rows });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual(rows);
    const back = await call('GET', read, { token });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ count: 2, customObjectKey: 'Contacts', page: 1, pageSize: 2500 });
    expect(back.body.items[0]).toEqual({
      keys: { id: 'c-1' },
      values: {
        email: 'ada@example.com',
        age: '36',
        balance: '12.50',
        joined: '6/23/2024 12:00:00 AM',
        active: 'True',
        phone: '',
        locale: '',
      },
    });
    expect(back.body.items[1].values).toMatchObject({
      active: 'False',
      locale: 'en-US',
      phone: '+1 555 0100',
    });
  });

  it('upsert updates by primary key case-insensitively and keeps columns not sent', async () => {
    const res = await call('POST', rowset, { token, body: [{ keys: { Id: 'C-1' }, values: { Age: 37 } }] });
    expect(res.status).toBe(200);
    const back = await call('GET', `${read}?$filter=${encodeURIComponent("Id eq 'c-1'")}`, { token });
    expect(back.body.count).toBe(1);
    expect(back.body.items[0].values).toMatchObject({ age: '37', email: 'ada@example.com' });
  });

  it('PUT rows/{pk}:{value} upserts one row and answers it', async () => {
    const res = await call('PUT', `${server.restBaseUri}hub/v1/dataevents/key:Contacts/rows/Id:c-3`, {
      token,
      body: { values: { Email: 'cy@example.com', Age: '5' } },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.keys).toEqual({ Id: 'c-3' });
    expect(res.body.values).toMatchObject({ Email: 'cy@example.com', Age: '5', Active: 'True' });
  });

  it('$orderBy sorts numbers as numbers; $page/$pageSize page with links', async () => {
    const ordered = await call('GET', `${read}?$orderBy=${encodeURIComponent('Age desc')}`, { token });
    expect(ordered.body.items.map((i: any) => i.keys.id)).toEqual(['c-1', 'c-3', 'c-2']);
    const page1 = await call('GET', `${read}?$pageSize=2`, { token });
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.links.next).toBe('/v1/customobjectdata/key/Contacts/rowset?%24page=2&%24pageSize=2');
    const next = await call('GET', `${server.restBaseUri}data${page1.body.links.next}`, { token });
    expect(next.body.items.map((i: any) => i.keys.id)).toEqual(['c-3']);
    expect(next.body.links.next).toBeUndefined();
    expect(next.body.links.previous).toBeDefined();
  });

  it('columns with spaces or hyphens: [First Name] in $filter and $orderBy, bare Last-Name', async () => {
    const created = await server.admin('POST', `/tenants/${server.subdomain}/data-extensions`, {
      mid: server.eid,
      name: 'People',
      key: 'People',
      fields: [
        { name: 'First Name', type: 'Text', isPrimaryKey: true },
        { name: 'Last-Name', type: 'Text' },
      ],
    });
    expect(created.status).toBe(201);
    const people = `${server.restBaseUri}hub/v1/dataevents/key:People/rowset`;
    const rows = [
      { keys: { 'First Name': 'Ann' }, values: { 'Last-Name': 'Lee' } },
      { keys: { 'First Name': 'Bob' }, values: { 'Last-Name': 'Zed' } },
    ];
    expect((await call('POST', people, { token, body: rows })).status).toBe(200);
    const peopleRead = `${server.restBaseUri}data/v1/customobjectdata/key/People/rowset`;
    const q = (query: string) => call('GET', `${peopleRead}?${query}`, { token });
    const byName = await q(`$filter=${encodeURIComponent("[First Name] eq 'bob' and Last-Name eq 'Zed'")}`);
    expect(byName.status, byName.text).toBe(200);
    expect(byName.body.items).toEqual([{ keys: { 'first name': 'Bob' }, values: { 'last-name': 'Zed' } }]);
    const ordered = await q(`$orderBy=${encodeURIComponent('[Last-Name] desc, [First Name]')}`);
    expect(ordered.body.items.map((i: any) => i.keys['first name'])).toEqual(['Bob', 'Ann']);
    const unbracketed = await q(`$filter=${encodeURIComponent("First Name eq 'Bob'")}`);
    expectResourceError(unbracketed, 400, 10000);
    expect(unbracketed.body.message).toContain('[Column Name] for names with spaces');
  });

  it('long external keys (200 characters) and long primary-key values reach their routes', async () => {
    const key = `K${'k'.repeat(199)}`;
    const created = await server.admin('POST', `/tenants/${server.subdomain}/data-extensions`, {
      mid: server.eid,
      name: 'Long keys',
      key,
      fields: [{ name: 'Code', type: 'Text', length: 1000, isPrimaryKey: true }],
    });
    expect(created.status).toBe(201);
    const code = 'c'.repeat(900);
    const put = await call('PUT', `${server.restBaseUri}hub/v1/dataevents/key:${key}/rows/Code:${code}`, {
      token,
      body: { values: {} },
    });
    expect(put.status, put.text.slice(0, 300)).toBe(200);
    expect(put.body.keys).toEqual({ Code: code });
    const upsert = await call('POST', `${server.restBaseUri}hub/v1/dataevents/key:${key}/rowset`, {
      token,
      body: [{ keys: { Code: 'short' } }],
    });
    expect(upsert.status).toBe(200);
    const back = await call('GET', `${server.restBaseUri}data/v1/customobjectdata/key/${key}/rowset`, {
      token,
    });
    expect(back.body.count).toBe(2);
    // Past the schema's limits: a 400 that says so, not a 404.
    const tooLong = await call(
      'PUT',
      `${server.restBaseUri}hub/v1/dataevents/key:${key}/rows/Code:${'c'.repeat(4001)}`,
      { token, body: { values: {} } },
    );
    expectResourceError(tooLong, 400, 10000);
  });

  it('bad $filter, unknown column, $pageSize over 2500 → 400/10000', async () => {
    for (const q of [
      "$filter=Id gt 'x'",
      "$filter=Nope eq 'x'",
      '$orderBy=Nope',
      '$pageSize=2501',
      '$pageSize=two',
      '$page=0',
      "$filter=Age eq 'abc'",
    ]) {
      const res = await call('GET', `${read}?${q.replace(/ /g, '%20')}`, { token });
      expectResourceError(res, 400, 10000);
    }
  });

  it('field mapping is validated: one additionalErrors entry per bad field and row, nothing written', async () => {
    const res = await call('POST', rowset, {
      token,
      body: [
        { keys: { Id: 'ok-1' }, values: { Email: 'fine@example.com' } },
        { keys: { Id: 'bad-1' }, values: { Email: 'not-an-email', Age: 'twelve' } },
        { keys: { Id: 'x'.repeat(51) }, values: { Email: 'a@example.com', Balance: '1.234' } },
        { keys: { Id: 'bad-3' }, values: { Joined: '2024-02-30', Nope: 1 } },
        { keys: {}, values: { Email: 'nokey@example.com' } },
      ],
    });
    expectResourceError(res, 400, 10006);
    const messages: string[] = res.body.additionalErrors.map((e: any) => e.message);
    expect(res.body.additionalErrors.every((e: any) => e.errorcode === 10000)).toBe(true);
    expect([...messages].sort()).toEqual(
      [
        'Row 2: The value for column [Email] is not a valid email address.',
        'Row 2: The value for column [Age] is not a whole number between -2147483648 and 2147483647.',
        'Row 3: The value for column [Id] is longer than its maximum of 50 characters.',
        'Row 3: The value for column [Balance] is not a decimal number with at most 8 digits before and 2 after the point.',
        'Row 4: The column [Nope] does not exist in data extension Contacts.',
        'Row 4: The value for column [Joined] is not a date (YYYY-MM-DD[Thh:mm[:ss]] or M/D/YYYY [h:mm[:ss] AM|PM]).',
        'Row 4: The column [Email] is required.',
        'Row 5: The primary key column [Id] is missing.',
      ].sort(),
    );
    const back = await call('GET', `${read}?$filter=${encodeURIComponent("Id eq 'ok-1'")}`, { token });
    expect(back.body.count).toBe(0);
  });

  it('a URL that cannot be decoded → 400/10000 in the REST shape', async () => {
    const res = await call('POST', `${server.restBaseUri}hub/v1/dataevents/key:%E0%A4%A/rowset`, {
      token,
      body: [{ keys: { Id: '1' } }],
    });
    expectResourceError(res, 400, 10000);
    expect(res.body.message).toBe('The URL is malformed.');
    // Other surfaces keep Fastify's answer.
    const admin = await call('GET', `${server.baseUrl}/admin/v1/tenants/%E0%A4%A`);
    expect(admin.status).toBe(400);
    expect(admin.body).toMatchObject({ code: 'FST_ERR_BAD_URL', statusCode: 400 });
  });

  it('malformed bodies: not an array → 400/10000, bad JSON → 400/10000, not JSON → 415', async () => {
    expectResourceError(await call('POST', rowset, { token, body: { keys: {} } }), 400, 10000);
    expectResourceError(await call('POST', rowset, { token, raw: '[{"keys":' }), 400, 10000);
    expectResourceError(
      await call('POST', rowset, { token, raw: 'a=b', contentType: 'text/plain' }),
      415,
      10000,
    );
  });

  it('payloads over 5 MB → 413 with a clear message', async () => {
    const big = [
      { keys: { Id: 'big' }, values: { Email: 'a@example.com', Phone: '1'.repeat(5 * 1024 * 1024) } },
    ];
    const res = await call('POST', rowset, { token, body: big });
    expectResourceError(res, 413, 10000);
    expect(res.body.message).toContain('larger than 5 MB');
    const row = await call('PUT', `${server.restBaseUri}hub/v1/dataevents/key:Contacts/rows/Id:big`, {
      token,
      body: { values: { Email: 'a@example.com', Phone: '1'.repeat(5 * 1024 * 1024) } },
    });
    expectResourceError(row, 413, 10000);
    expect(row.body.message).toContain('larger than 5 MB');
  });

  it('an unknown data extension → 404/30003', async () => {
    const res = await call('POST', `${server.restBaseUri}hub/v1/dataevents/key:Nope/rowset`, {
      token,
      body: [{ keys: { Id: '1' } }],
    });
    expectResourceError(res, 404, 30003);
    expectResourceError(
      await call('GET', `${server.restBaseUri}data/v1/customobjectdata/key/Nope/rowset`, { token }),
      404,
      30003,
    );
  });

  it('tokens without the scope → 403/20002 (write needs write, read needs read)', async () => {
    const readOnly = await tokenFor(server, { scope: 'data_extensions_read' });
    const none = await tokenFor(server, { scope: '' });
    expectResourceError(
      await call('POST', rowset, { token: readOnly, body: [{ keys: { Id: 'z' } }] }),
      403,
      20002,
    );
    const forbidden = await call('GET', read, { token: none });
    expectResourceError(forbidden, 403, 20002);
    expect(forbidden.body.message).toBe('Insufficient Privileges to complete this action.');
    expect((await call('GET', read, { token: readOnly })).status).toBe(200);
    // platform routes need no scope
    expect((await call('GET', `${server.restBaseUri}platform/v1/tokenContext`, { token: none })).status).toBe(
      200,
    );
  });

  it("another BU's token cannot see the rows", async () => {
    const bu = await server.admin('POST', `/tenants/${server.subdomain}/business-units`, {
      name: 'Child BU',
    });
    const access = await server.admin(
      'PUT',
      `/tenants/${server.subdomain}/packages/${server.packageId}/integration/access`,
      { mids: [server.eid, bu.body.mid] },
    );
    expect(access.status, JSON.stringify(access.body)).toBeLessThan(300);
    const childToken = await tokenFor(server, { accountId: bu.body.mid });
    expectResourceError(await call('GET', read, { token: childToken }), 404, 30003);
    // Nor write them, nor follow the parent's async requests, nor reach them over SOAP.
    expectResourceError(
      await call('POST', rowset, { token: childToken, body: [{ keys: { Id: 'c-1' }, values: { Age: 1 } }] }),
      404,
      30003,
    );
    const parentDe = await server.admin(
      'GET',
      `/tenants/${server.subdomain}/data-extensions?mid=${server.eid}`,
    );
    const byId = `${server.restBaseUri}hub/v1/dataevents/${parentDe.body.items[0].id}/rowset`;
    expect((await call('POST', byId, { token, body: [{ keys: { Id: 'c-1' } }] })).status).toBe(200);
    expectResourceError(
      await call('POST', byId, { token: childToken, body: [{ keys: { Id: 'c-1' } }] }),
      404,
      30003,
    );
    const accepted = await call(
      'PUT',
      `${server.restBaseUri}data/v1/async/dataextensions/key:Contacts/rows`,
      {
        token,
        body: { items: [{ Id: 'c-1', Age: 38 }] },
      },
    );
    expect(accepted.status).toBe(202);
    for (const part of ['status', 'results']) {
      const url = `${server.restBaseUri}data/v1/async/${accepted.body.requestId}/${part}`;
      expectResourceError(await call('GET', url, { token: childToken }), 404, 30003);
    }
    const retrieve = await soap(
      server,
      soapEnvelope(
        childToken,
        '<RetrieveRequestMsg><RetrieveRequest><ObjectType>DataExtensionObject[Contacts]</ObjectType>' +
          '<Properties>Id</Properties></RetrieveRequest></RetrieveRequestMsg>',
      ),
    );
    expect(retrieve.text).toContain('<OverallStatus>Error: Data extension Contacts was not found');
    expect(retrieve.text).not.toContain('<Results');
    await createContactsDe(server, bu.body.mid);
    const own = await call('GET', read, { token: childToken });
    expect(own.status).toBe(200);
    expect(own.body.count).toBe(0);
    // The child BU's DE of the same key is its own: the parent's rows are not there.
    const soapList = await soap(
      server,
      soapEnvelope(
        childToken,
        '<RetrieveRequestMsg><RetrieveRequest><ObjectType>DataExtensionObject[Contacts]</ObjectType>' +
          '<Properties>Id</Properties></RetrieveRequest></RetrieveRequestMsg>',
      ),
    );
    expect(soapList.text).toContain('<OverallStatus>OK</OverallStatus>');
    expect(soapList.text).not.toContain('<Results');
    const ctxRes = await call('GET', `${server.restBaseUri}platform/v1/tokenContext`, { token: childToken });
    expect(ctxRes.body.organization).toEqual({ id: bu.body.mid });
  });
});
