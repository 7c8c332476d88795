import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { call, createContactsDe, soap, soapEnvelope, tokenFor } from '../resources/resource-helpers.js';
import { BACKENDS } from '../support/backends.js';
import { post } from '../support/oauth-assertions.js';

const retrieveRows =
  '<RetrieveRequestMsg xmlns="http://exacttarget.com/wsdl/partnerAPI"><RetrieveRequest><ObjectType>DataExtensionObject[Contacts]</ObjectType><Properties>Id</Properties></RetrieveRequest></RetrieveRequestMsg>';

describe.each(BACKENDS)('request journal (issue 10 part 7) ($name)', (backend) => {
  let server: TestServer;
  let journal: string;
  let now = Date.parse('2026-06-01T10:00:00Z');
  const read = async (query = '') => {
    const res = await server.admin('GET', `${journal}${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items as Array<Record<string, any>>;
  };

  beforeAll(async () => {
    server = await startTestServer({ now: () => now, ...backend.serverOptions() });
    journal = `/tenants/${server.subdomain}/journal`;
    await createContactsDe(server, server.eid);
  });
  beforeEach(async () => {
    await server.admin('DELETE', `/tenants/${server.subdomain}/faults`);
    await server.admin('DELETE', journal);
  });
  afterAll(async () => {
    await server?.close();
    await backend.cleanup();
  });

  it('a token request: method, host, path, status, latency, client id, grant, the claims issued', async () => {
    const token = await tokenFor(server);
    const [entry] = await read();
    expect(entry).toMatchObject({
      seq: expect.any(Number),
      at: '2026-06-01T10:00:00.000Z',
      method: 'POST',
      host: new URL(server.baseUrl).host,
      path: `/${server.subdomain}/auth/v2/token`,
      status: 200,
      clientId: server.clientId,
      grant: 'client_credentials',
      claims: { client_id: server.clientId, mid: server.eid, eid: server.eid },
    });
    expect(entry?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(entry)).not.toContain(token);
    expect(JSON.stringify(entry)).not.toContain(server.clientSecret);
    expect(JSON.stringify(entry)).not.toContain(token.split('.')[2]);
  });

  it('a failed token request is kept too, with the client id it named, no claims', async () => {
    await post(`${server.authBaseUri}v2/token`, {
      grant_type: 'client_credentials',
      client_id: server.clientId,
      client_secret: 'wrong',
    });
    expect(await read()).toEqual([
      expect.objectContaining({ status: 401, clientId: server.clientId, grant: 'client_credentials' }),
    ]);
    expect((await read())[0]?.claims).toBeUndefined();
  });

  it('REST and SOAP requests carry the claims of the token presented', async () => {
    const token = await tokenFor(server);
    expect(
      (await call('GET', `${server.restBaseUri}platform/v1/tokenContext?$page=2`, { token })).status,
    ).toBe(200);
    expect((await soap(server, soapEnvelope(token, retrieveRows))).status).toBe(200);
    expect((await call('GET', `${server.restBaseUri}platform/v1/tokenContext`)).status).toBe(401);
    const items = await read();
    expect(items.map((e) => [e.method, e.path, e.status])).toEqual([
      ['POST', `/${server.subdomain}/auth/v2/token`, 200],
      ['GET', `/${server.subdomain}/rest/platform/v1/tokenContext?$page=2`, 200],
      ['POST', `/${server.subdomain}/soap/Service.asmx`, 200],
      ['GET', `/${server.subdomain}/rest/platform/v1/tokenContext`, 401],
    ]);
    expect(items[1]).toMatchObject({ clientId: server.clientId, claims: { client_id: server.clientId } });
    expect(items[2]).toMatchObject({ clientId: server.clientId, claims: { client_id: server.clientId } });
    expect(items[3]?.clientId).toBeUndefined();
    expect(JSON.stringify(items)).not.toContain(token);
  });

  it('fired fault rules are named; a dropped connection is status 0', async () => {
    const rule = await server.admin('POST', `/tenants/${server.subdomain}/faults`, {
      route: 'token',
      effect: { type: 'status', status: 503 },
      trigger: { type: 'nth', n: 1 },
    });
    const drop = await server.admin('POST', `/tenants/${server.subdomain}/faults`, {
      route: 'rest',
      effect: { type: 'drop' },
    });
    const first = await post(`${server.authBaseUri}v2/token`, {
      grant_type: 'client_credentials',
      client_id: server.clientId,
      client_secret: server.clientSecret,
    });
    expect(first.status).toBe(503);
    const token = await tokenFor(server);
    await expect(
      fetch(`${server.restBaseUri}platform/v1/tokenContext`, {
        headers: { authorization: `Bearer ${token}` },
      }),
    ).rejects.toThrow();
    await expect.poll(async () => (await read()).length).toBe(3);
    const items = await read();
    expect(items[0]).toMatchObject({ status: 503, faults: [rule.body.id] });
    expect(items[1]?.faults).toBeUndefined();
    expect(items[2]).toMatchObject({ status: 0, faults: [drop.body.id], clientId: server.clientId });
  });

  it('filters: path glob, status, client id, since, after, limit (newest n, oldest first)', async () => {
    const token = await tokenFor(server);
    now += 60_000;
    for (let i = 0; i < 3; i++) await call('GET', `${server.restBaseUri}platform/v1/tokenContext`, { token });
    await call('GET', `${server.restBaseUri}platform/v1/endpoints/nope`, { token });
    const all = await read();
    expect(all).toHaveLength(5);
    expect(await read(`?path=/${server.subdomain}/rest/**`)).toHaveLength(4);
    expect(await read(`?path=/${server.subdomain}/auth/*/token`)).toHaveLength(1);
    expect((await read('?status=404')).map((e) => e.path)).toEqual([
      `/${server.subdomain}/rest/platform/v1/endpoints/nope`,
    ]);
    expect(await read(`?clientId=${server.clientId}`)).toHaveLength(5);
    expect(await read('?clientId=someone')).toHaveLength(0);
    expect(await read(`?since=${new Date(now).toISOString()}`)).toHaveLength(4);
    const seqs = all.map((e) => e.seq);
    expect((await read(`?after=${seqs[2]}`)).map((e) => e.seq)).toEqual(seqs.slice(3));
    expect((await read('?limit=2')).map((e) => e.seq)).toEqual(seqs.slice(3));
  });

  it('authorize requests: the client id from the query, secret-looking query values redacted', async () => {
    await call(
      'GET',
      `${server.authBaseUri}v2/authorize?response_type=code&client_id=${server.clientId}&state=s3cr3t&code_challenge=abc&redirect_uri=https%3A%2F%2Fx`,
    );
    const [entry] = await read();
    expect(entry).toMatchObject({ clientId: server.clientId, method: 'GET' });
    expect(entry?.path).toBe(
      `/${server.subdomain}/auth/v2/authorize?response_type=code&client_id=${server.clientId}&state=***&code_challenge=***&redirect_uri=https%3A%2F%2Fx`,
    );
  });

  it('requests to another tenant, the admin API and unknown tenants are not in this journal', async () => {
    await call('GET', `${server.baseUrl}/nosuchtenant/rest/platform/v1/tokenContext`);
    await server.admin('GET', '/tenants');
    expect(await read()).toEqual([]);
  });

  describe('bad queries: 400 in the admin shape', () => {
    it.each([
      ['?since=yesterday', 'since'],
      ['?since=2026-13-45T00:00:00Z', 'since'],
      ['?limit=0', 'limit'],
      ['?limit=5000', 'limit'],
      ['?limit=ten', 'limit'],
      ['?status=abc', 'status'],
      ['?after=-1', 'after'],
      ['?path=rest', 'path'],
      ['?colour=red', undefined],
    ])('%s', async (query, field) => {
      const res = await server.admin('GET', `${journal}${query}`);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error).toBe('bad_request');
      expect(res.body.field).toBe(field);
    });
    it('an unknown tenant is 404', async () => {
      expect((await server.admin('GET', '/tenants/nosuchtenant/journal')).status).toBe(404);
    });
  });
});

describe('PACKGATE_JOURNAL_SIZE', () => {
  it('bounds the ring per tenant: the oldest go first', async () => {
    const server = await startTestServer({ settings: { journalSize: '3' } });
    try {
      const token = await tokenFor(server);
      for (let i = 0; i < 4; i++)
        await call('GET', `${server.restBaseUri}platform/v1/tokenContext?i=${i}`, { token });
      const res = await server.admin('GET', `/tenants/${server.subdomain}/journal`);
      expect(res.body.items.map((e: { path: string }) => e.path.split('?')[1])).toEqual([
        'i=1',
        'i=2',
        'i=3',
      ]);
      expect(res.body.items.map((e: { seq: number }) => e.seq)).toEqual([3, 4, 5]);
    } finally {
      await server.close();
    }
  });

  it('0 turns the journal off', async () => {
    const server = await startTestServer({ settings: { journalSize: '0' } });
    try {
      await tokenFor(server);
      const res = await server.admin('GET', `/tenants/${server.subdomain}/journal`);
      expect(res.body).toEqual({ enabled: false, items: [] });
    } finally {
      await server.close();
    }
  });
});
