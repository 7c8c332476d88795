import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';
import { call, createContactsDe, expectResourceError, type Res, tokenFor } from './resource-helpers.js';

/** Polls the status route (no timers: each round trip yields to the server's queue). */
async function untilComplete(server: TestServer, token: string, requestId: string): Promise<Res> {
  for (let i = 0; i < 500; i++) {
    const res = await call('GET', `${server.restBaseUri}data/v1/async/${requestId}/status`, { token });
    if (res.body?.status?.requestStatus === 'Complete') return res;
  }
  throw new Error('async request did not complete');
}

describe.each(BACKENDS)('async Data Extension rows and admin definitions ($name)', (backend) => {
  let server: TestServer;
  let token: string;
  let rows: string;

  beforeAll(async () => {
    server = await startTestServer(backend.serverOptions());
    token = await tokenFor(server);
    await createContactsDe(server, server.eid);
    rows = `${server.restBaseUri}data/v1/async/dataextensions/key:Contacts/rows`;
  });
  afterAll(async () => {
    await server?.close();
    await backend.cleanup();
  });

  it('PUT upserts: 202 with a requestId, then status Complete/OK, per-item results, rows readable', async () => {
    const items = Array.from({ length: 120 }, (_, i) => ({
      Id: `a-${i}`,
      Email: `a${i}@example.com`,
      Age: i,
    }));
    const accepted = await call('PUT', rows, { token, body: { items } });
    expect(accepted.status, accepted.text).toBe(202);
    expect(accepted.body.resultMessages).toEqual([]);
    const status = await untilComplete(server, token, accepted.body.requestId);
    expect(status.body.status).toMatchObject({
      requestStatus: 'Complete',
      resultStatus: 'OK',
      hasErrors: false,
    });
    const results = await call(
      'GET',
      `${server.restBaseUri}data/v1/async/${accepted.body.requestId}/results?page=3`,
      { token },
    );
    expect(results.body).toMatchObject({ page: 3, pageSize: 50, count: 120 });
    expect(results.body.items).toHaveLength(20);
    const back = await call(
      'GET',
      `${server.restBaseUri}data/v1/customobjectdata/key/Contacts/rowset?$pageSize=1`,
      { token },
    );
    expect(back.body.count).toBe(120);
  });

  it('POST inserts: bad and duplicate items are reported one by one; the good ones are committed', async () => {
    const accepted = await call('POST', rows, {
      token,
      body: {
        items: [
          { Id: 'b-1', Email: 'b1@example.com' },
          { Id: 'b-2', Email: 'nope' },
          { Id: 'a-1', Email: 'dup@example.com' },
        ],
      },
    });
    expect(accepted.status).toBe(202);
    const status = await untilComplete(server, token, accepted.body.requestId);
    expect(status.body.status).toMatchObject({ resultStatus: 'Has Errors', hasErrors: true });
    const results = await call(
      'GET',
      `${server.restBaseUri}data/v1/async/${accepted.body.requestId}/results`,
      { token },
    );
    expect(results.body.items.map((i: any) => i.status)).toEqual(['OK', 'Error', 'Error']);
    expect(results.body.items[1].message).toContain('[Email] is not a valid email address');
    expect(results.body.items[2].message).toContain('already exists');
    const b1 = await call(
      'GET',
      `${server.restBaseUri}data/v1/customobjectdata/key/Contacts/rowset?$filter=Id%20eq%20'b-1'`,
      { token },
    );
    expect(b1.body.count).toBe(1);
  });

  it('more than 32 000 items → 400/10000; empty items → 400/10000; unknown request → 404/30003', async () => {
    const tooMany = Array.from({ length: 32_001 }, (_, i) => ({ Id: String(i) }));
    const res = await call('PUT', rows, { token, body: { items: tooMany } });
    expectResourceError(res, 400, 10000);
    expect(res.body.message).toContain('32000');
    expectResourceError(await call('PUT', rows, { token, body: { items: [] } }), 400, 10000);
    // Cells are plain values: a nested (here 200 000 deep) array is refused at the door, not stored.
    const deep = `{"items":[{"Id":"deep","Email":${'['.repeat(200_000)}${']'.repeat(200_000)}}]}`;
    const nested = await call('PUT', rows, { token, raw: deep });
    expectResourceError(nested, 400, 10000);
    expect(nested.body.message).toMatch(/^items\.0\.Email: /);
    expectResourceError(
      await call('POST', rows, { token, body: { items: [{ Id: 'obj', Email: { a: 1 } }] } }),
      400,
      10000,
    );
    expectResourceError(
      await call('GET', `${server.restBaseUri}data/v1/async/nope/status`, { token }),
      404,
      30003,
    );
  });

  it('scopes: writing needs data_extensions_write, status needs data_extensions_read', async () => {
    const readOnly = await tokenFor(server, { scope: 'data_extensions_read' });
    const writeOnly = await tokenFor(server, { scope: 'data_extensions_write' });
    expectResourceError(
      await call('PUT', rows, { token: readOnly, body: { items: [{ Id: 'x' }] } }),
      403,
      20002,
    );
    const accepted = await call('PUT', rows, {
      token: writeOnly,
      body: { items: [{ Id: 'w-1', Email: 'w@example.com' }] },
    });
    expect(accepted.status).toBe(202);
    const status = await call('GET', `${server.restBaseUri}data/v1/async/${accepted.body.requestId}/status`, {
      token: writeOnly,
    });
    expectResourceError(status, 403, 20002);
    await untilComplete(server, token, accepted.body.requestId);
  });

  it('admin API: data-extensions are created per BU, validated, unique per key, listed, audited', async () => {
    const base = `/tenants/${server.subdomain}/data-extensions`;
    const list = await server.admin('GET', `${base}?mid=${server.eid}`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((d: any) => d.key)).toEqual(['Contacts']);
    expect(list.body.items[0].fields[0]).toEqual({
      name: 'Id',
      type: 'Text',
      length: 50,
      isPrimaryKey: true,
      isRequired: true,
    });
    const dup = await server.admin('POST', base, {
      mid: server.eid,
      name: 'Again',
      key: 'contacts',
      fields: [{ name: 'A', type: 'Text' }],
    });
    expect(dup.status).toBe(409);
    const bad = await server.admin('POST', base, {
      mid: server.eid,
      name: 'Bad',
      key: 'Bad',
      fields: [
        { name: 'A', type: 'Number', length: 5 },
        { name: 'a', type: 'Text' },
        { name: 'D', type: 'Decimal', precision: 4, scale: 6 },
        { name: 'B', type: 'Boolean', defaultValue: 'maybe' },
        { name: 'constructor', type: 'Text' },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('fields[0].length');
    expect(bad.body.message).toContain('"a" is used twice');
    expect(bad.body.message).toContain('fields[2]: Decimal');
    expect(bad.body.message).toContain('fields[3].defaultValue');
    expect(bad.body.message).toContain('fields[4].name: "constructor" is a reserved name.');
    expect(
      (
        await server.admin('POST', base, {
          mid: 1,
          name: 'X',
          key: 'X',
          fields: [{ name: 'A', type: 'Text' }],
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await server.admin('POST', base, {
          mid: server.eid,
          name: 'X',
          key: 'X',
          fields: [{ name: 'A', type: 'Blob' }],
        })
      ).status,
    ).toBe(400);
    expect((await server.admin('GET', '/tenants/mcnope/data-extensions')).status).toBe(404);
    const audit = await server.admin('GET', `/tenants/${server.subdomain}/audit-events`);
    expect(
      audit.body.items.some((e: any) => e.action === 'data_extension.created' && e.target === 'Contacts'),
    ).toBe(true);
  });
  it('exactly 32 000 items are accepted and all written', async () => {
    const created = await server.admin('POST', `/tenants/${server.subdomain}/data-extensions`, {
      mid: server.eid,
      name: 'Bulk',
      key: 'Bulk',
      fields: [
        { name: 'N', type: 'Number', isPrimaryKey: true },
        { name: 'Note', type: 'Text', length: 40 },
      ],
    });
    expect(created.status).toBe(201);
    const items = Array.from({ length: 32_000 }, (_, i) => ({ N: i, Note: `row number ${i}` }));
    const accepted = await call('PUT', `${server.restBaseUri}data/v1/async/dataextensions/key:Bulk/rows`, {
      token,
      body: { items },
    });
    expect(accepted.status, accepted.text).toBe(202);
    const status = await untilComplete(server, token, accepted.body.requestId);
    expect(status.body.status).toMatchObject({ resultStatus: 'OK', hasErrors: false });
    const back = await call(
      'GET',
      `${server.restBaseUri}data/v1/customobjectdata/key/Bulk/rowset?$pageSize=1&$filter=N%20eq%2031999`,
      { token },
    );
    expect(back.body.items[0].values.note).toBe('row number 31999');
    const all = await call(
      'GET',
      `${server.restBaseUri}data/v1/customobjectdata/key/Bulk/rowset?$pageSize=1`,
      {
        token,
      },
    );
    expect(all.body.count).toBe(32_000);
  });
});
