import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { drawUnit } from '../../src/faults/match-fault-rule.js';
import { startTestServer, type TestServer } from '../../src/testing.js';
import {
  call,
  createContactsDe,
  expectResourceError,
  soap,
  soapEnvelope,
  tokenFor,
} from '../resources/resource-helpers.js';
import { BACKENDS } from '../support/backends.js';
import { createServerToServer } from '../support/fixtures.js';
import { expectOAuthError, post } from '../support/oauth-assertions.js';

const retrieveRows = (key: string) =>
  `<RetrieveRequestMsg xmlns="http://exacttarget.com/wsdl/partnerAPI"><RetrieveRequest><ObjectType>DataExtensionObject[${key}]</ObjectType><Properties>Id</Properties></RetrieveRequest></RetrieveRequestMsg>`;

describe.each(BACKENDS)('fault rules (issue 10 part 6) ($name)', (backend) => {
  let server: TestServer;
  let faults: string;
  let token: string;
  const tokenRequest = () =>
    post(`${server.authBaseUri}v2/token`, {
      grant_type: 'client_credentials',
      client_id: server.clientId,
      client_secret: server.clientSecret,
    });
  const addRule = async (rule: unknown) => {
    const res = await server.admin('POST', faults, rule);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string };
  };
  const listRules = async () => (await server.admin('GET', faults)).body.items as Array<Record<string, any>>;

  beforeAll(async () => {
    server = await startTestServer(backend.serverOptions());
    faults = `/tenants/${server.subdomain}/faults`;
    token = await tokenFor(server);
    await createContactsDe(server, server.eid);
  });
  beforeEach(async () => {
    expect((await server.admin('DELETE', faults)).status).toBe(200);
  });
  afterAll(async () => {
    await server?.close();
    await backend.cleanup();
  });

  it('token endpoint: a 503 on the 2nd request only, in the OAuth shape; the rule counts both', async () => {
    const rule = await addRule({
      route: 'token',
      effect: { type: 'status', status: 503 },
      trigger: { type: 'nth', n: 2 },
    });
    expect((await tokenRequest()).status).toBe(200);
    const second = await tokenRequest();
    expectOAuthError(second, 'temporarily_unavailable', 503);
    expect(second.headers.get('retry-after')).toBe('5');
    expect((await tokenRequest()).status).toBe(200);
    expect(await listRules()).toEqual([
      expect.objectContaining({
        id: rule.id,
        route: 'token',
        matched: 3,
        fired: 1,
        trigger: { type: 'nth', n: 2 },
      }),
    ]);
  });

  it('token endpoint: 429 in the REST shape Marketing Cloud uses there (50200, Retry-After)', async () => {
    await addRule({ route: 'token', effect: { type: 'status', status: 429 } });
    const res = await tokenRequest();
    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({ errorcode: 50200, message: 'Your requests are temporarily blocked.' });
    expect(res.headers.get('retry-after')).toBe('5');
  });

  it('token endpoint: 401 invalid_client; a dropped connection gives no answer at all', async () => {
    await addRule({
      route: 'token',
      effect: { type: 'status', status: 401 },
      trigger: { type: 'next', count: 1 },
    });
    await addRule({ route: 'token', effect: { type: 'drop' }, trigger: { type: 'nth', n: 2 } });
    expectOAuthError(await tokenRequest(), 'invalid_client', 401);
    // The first rule's answer ended the walk: the second rule counts from the 2nd request on.
    expect((await tokenRequest()).status).toBe(200);
    await expect(tokenRequest()).rejects.toThrow(/fetch failed/);
    expect((await tokenRequest()).status).toBe(200);
  });

  it('a rule for another client id leaves this client alone; latency delays but serves', async () => {
    await addRule({ route: 'token', clientId: 'someone-else', effect: { type: 'status', status: 500 } });
    await addRule({ route: 'token', clientId: server.clientId, effect: { type: 'latency', ms: 5 } });
    expect((await tokenRequest()).status).toBe(200);
    const [other, mine] = await listRules();
    expect(other).toMatchObject({ matched: 0, fired: 0 });
    expect(mine).toMatchObject({ matched: 1, fired: 1, effect: { type: 'latency', ms: 5 } });
  });

  it('REST: a status by path glob and method, in the REST shape', async () => {
    await addRule({
      route: 'rest',
      path: '/platform/v1/*',
      method: 'GET',
      effect: { type: 'status', status: 500 },
    });
    const res = await call('GET', `${server.restBaseUri}platform/v1/tokenContext`, { token });
    expectResourceError(res, 500, 30000);
    const unavailable = await addRule({
      route: 'rest',
      path: '/data/**',
      effect: { type: 'status', status: 503 },
    });
    const rows = await call('GET', `${server.restBaseUri}data/v1/customobjectdata/key/Contacts/rowset`, {
      token,
    });
    expectResourceError(rows, 503, 50300);
    expect(rows.headers.get('retry-after')).toBe('5');
    expect((await listRules()).find((r) => r.id === unavailable.id)).toMatchObject({ fired: 1 });
  });

  it('REST: an early "token expired" on a valid token is the 401 Marketing Cloud sends', async () => {
    await addRule({ route: 'rest', effect: { type: 'token_expired' }, trigger: { type: 'next', count: 1 } });
    const res = await call('GET', `${server.restBaseUri}platform/v1/tokenContext`, { token });
    expectResourceError(res, 401, 0);
    expect(res.body.message).toBe('Not Authorized');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm=".*", error="invalid_token"$/);
    expect((await call('GET', `${server.restBaseUri}platform/v1/tokenContext`, { token })).status).toBe(200);
  });

  it('REST: a revoked scope makes the route answer 403 / 20002; other routes still work', async () => {
    await addRule({ route: 'rest', effect: { type: 'revoke_scope', scope: 'data_extensions_read' } });
    const rows = await call('GET', `${server.restBaseUri}data/v1/customobjectdata/key/Contacts/rowset`, {
      token,
    });
    expectResourceError(rows, 403, 20002);
    expect((await call('GET', `${server.restBaseUri}platform/v1/tokenContext`, { token })).status).toBe(200);
  });

  it('REST: a dropped connection', async () => {
    await addRule({ route: 'rest', effect: { type: 'drop' } });
    await expect(
      fetch(`${server.restBaseUri}platform/v1/tokenContext`, {
        headers: { authorization: `Bearer ${token}` },
      }),
    ).rejects.toThrow(/fetch failed/);
  });

  it('SOAP: token expired (q0:Security), a revoked scope, a status by action', async () => {
    await addRule({
      route: 'soap',
      action: 'Retrieve',
      effect: { type: 'token_expired' },
      trigger: { type: 'nth', n: 1 },
    });
    await addRule({
      route: 'soap',
      action: 'Retrieve',
      effect: { type: 'revoke_scope', scope: 'data_extensions_read' },
      trigger: { type: 'nth', n: 1 },
    });
    await addRule({ route: 'soap', action: 'Create', effect: { type: 'status', status: 503 } });
    const expired = await soap(server, soapEnvelope(token, retrieveRows('Contacts')));
    expect(expired.status).toBe(500);
    expect(expired.text).toMatch(/>q0:Security<\/faultcode><faultstring>Token Expired</);
    // The first rule fired and ended the walk: the second saw its first request only now.
    const revoked = await soap(server, soapEnvelope(token, retrieveRows('Contacts')));
    expect(revoked.text).toMatch(/>q0:Security<\/faultcode><faultstring>Insufficient Privileges/);
    expect((await soap(server, soapEnvelope(token, retrieveRows('Contacts')))).status).toBe(200);
    const create = await soap(
      server,
      soapEnvelope(token, '<CreateRequest xmlns="http://exacttarget.com/wsdl/partnerAPI"></CreateRequest>'),
      'Create',
    );
    expect(create.status).toBe(503);
    expect(create.text).toMatch(/>soap:Server<\/faultcode>/);
  });

  it('authorize: a status in the OAuth shape', async () => {
    await addRule({ route: 'authorize', effect: { type: 'status', status: 400 } });
    const res = await call('GET', `${server.authBaseUri}v2/authorize?response_type=code&client_id=x`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_request' });
  });

  it('probability: the same seed fires on the same ordinals, as drawUnit predicts', async () => {
    const pattern = async () => {
      await server.admin('DELETE', faults);
      await addRule({
        route: 'rest',
        effect: { type: 'status', status: 500 },
        trigger: { type: 'probability', p: 0.5, seed: 42 },
      });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        statuses.push((await call('GET', `${server.restBaseUri}platform/v1/tokenContext`, { token })).status);
      }
      return statuses;
    };
    const first = await pattern();
    expect(await pattern()).toEqual(first);
    expect(first).toEqual(Array.from({ length: 12 }, (_, i) => (drawUnit(42, i + 1) < 0.5 ? 500 : 200)));
    expect(new Set(first).size).toBe(2);
  });

  it('a probability rule without a seed gets one, shown in the listing', async () => {
    await addRule({ route: 'token', effect: { type: 'drop' }, trigger: { type: 'probability', p: 0.01 } });
    const [rule] = await listRules();
    expect(rule?.trigger).toEqual({ type: 'probability', p: 0.01, seed: expect.any(Number) });
  });

  it('rules are cleared in one call and every change is audited', async () => {
    const a = await addRule({ route: 'token', effect: { type: 'latency', ms: 1 } });
    await addRule({ route: 'soap', effect: { type: 'drop' } });
    const cleared = await server.admin('DELETE', faults);
    expect(cleared.body).toEqual({ removed: 2 });
    expect(await listRules()).toEqual([]);
    expect((await tokenRequest()).status).toBe(200);
    const audit = await server.admin('GET', `/tenants/${server.subdomain}/audit-events?limit=5`);
    const actions = audit.body.items.map((e: { action: string }) => e.action);
    expect(actions.slice(0, 3)).toEqual(['fault_rules.cleared', 'fault_rule.created', 'fault_rule.created']);
    expect(audit.body.items[2]).toMatchObject({ target: a.id });
  });

  it('a rule for one tenant does not touch another', async () => {
    const other = await server.admin('POST', '/tenants', { name: 'Other' });
    const s2s = await createServerToServer(server, {
      scopes: ['data_extensions_read'],
      subdomain: other.body.subdomain,
    });
    await addRule({ route: 'token', effect: { type: 'status', status: 500 } });
    const res = await post(`${other.body.authBaseUri}v2/token`, {
      grant_type: 'client_credentials',
      client_id: s2s.clientId,
      client_secret: s2s.clientSecret,
    });
    expect(res.status).toBe(200);
  });

  describe('bad rules: 400 in the admin shape naming the field, nothing stored', () => {
    const cases: Array<[string, unknown, string | undefined]> = [
      ['not an object', [1], undefined],
      ['unknown route', { route: 'ftp', effect: { type: 'drop' } }, 'route'],
      ['no effect', { route: 'token' }, 'effect'],
      ['unknown effect', { route: 'token', effect: { type: 'explode' } }, 'effect.type'],
      ['latency 0', { route: 'token', effect: { type: 'latency', ms: 0 } }, 'effect.ms'],
      ['latency too long', { route: 'token', effect: { type: 'latency', ms: 120_001 } }, 'effect.ms'],
      ['latency not a number', { route: 'token', effect: { type: 'latency', ms: '5' } }, 'effect.ms'],
      ['status 200', { route: 'rest', effect: { type: 'status', status: 200 } }, 'effect.status'],
      ['status 600', { route: 'rest', effect: { type: 'status', status: 600 } }, 'effect.status'],
      ['status fraction', { route: 'rest', effect: { type: 'status', status: 500.5 } }, 'effect.status'],
      ['extra effect field', { route: 'rest', effect: { type: 'drop', status: 500 } }, 'effect.status'],
      ['token_expired on token', { route: 'token', effect: { type: 'token_expired' } }, 'effect.type'],
      [
        'revoke_scope on authorize',
        { route: 'authorize', effect: { type: 'revoke_scope', scope: 'email_read' } },
        'effect.type',
      ],
      ['unknown scope', { route: 'rest', effect: { type: 'revoke_scope', scope: 'root' } }, 'effect.scope'],
      ['path on token', { route: 'token', path: '/x', effect: { type: 'drop' } }, 'path'],
      ['relative path', { route: 'rest', path: 'data/**', effect: { type: 'drop' } }, 'path'],
      ['path with query', { route: 'rest', path: '/data?x=1', effect: { type: 'drop' } }, 'path'],
      ['path with space', { route: 'rest', path: '/da ta', effect: { type: 'drop' } }, 'path'],
      ['path ***', { route: 'rest', path: '/***', effect: { type: 'drop' } }, 'path'],
      ['path too long', { route: 'rest', path: `/${'a'.repeat(600)}`, effect: { type: 'drop' } }, 'path'],
      ['method on soap', { route: 'soap', method: 'GET', effect: { type: 'drop' } }, 'method'],
      ['unknown method', { route: 'rest', method: 'TRACE', effect: { type: 'drop' } }, 'method'],
      ['action on rest', { route: 'rest', action: 'Retrieve', effect: { type: 'drop' } }, 'action'],
      ['unknown action', { route: 'soap', action: 'Perform', effect: { type: 'drop' } }, 'action'],
      ['client id not text', { route: 'token', clientId: 7, effect: { type: 'drop' } }, 'clientId'],
      ['unknown field', { route: 'token', effect: { type: 'drop' }, when: 'now' }, undefined],
      [
        'unknown trigger',
        { route: 'token', effect: { type: 'drop' }, trigger: { type: 'sometimes' } },
        'trigger.type',
      ],
      ['nth 0', { route: 'token', effect: { type: 'drop' }, trigger: { type: 'nth', n: 0 } }, 'trigger.n'],
      [
        'next -1',
        { route: 'token', effect: { type: 'drop' }, trigger: { type: 'next', count: -1 } },
        'trigger.count',
      ],
      [
        'p 0',
        { route: 'token', effect: { type: 'drop' }, trigger: { type: 'probability', p: 0 } },
        'trigger.p',
      ],
      [
        'p 1.5',
        { route: 'token', effect: { type: 'drop' }, trigger: { type: 'probability', p: 1.5 } },
        'trigger.p',
      ],
      [
        'seed negative',
        { route: 'token', effect: { type: 'drop' }, trigger: { type: 'probability', p: 0.5, seed: -1 } },
        'trigger.seed',
      ],
      [
        'seed too big',
        { route: 'token', effect: { type: 'drop' }, trigger: { type: 'probability', p: 0.5, seed: 2 ** 32 } },
        'trigger.seed',
      ],
      [
        'trigger extra field',
        { route: 'token', effect: { type: 'drop' }, trigger: { type: 'nth', n: 1, count: 2 } },
        'trigger.count',
      ],
    ];
    it.each(cases)('%s', async (_name, rule, field) => {
      const res = await server.admin('POST', faults, rule);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error).toBe('bad_request');
      expect(res.body.field).toBe(field);
      expect(res.body.message).not.toMatch(/\bat .+\.(ts|js):\d+/);
      expect(await listRules()).toEqual([]);
    });

    it('an unknown tenant is 404', async () => {
      const res = await server.admin('POST', '/tenants/nosuchtenant/faults', {
        route: 'token',
        effect: { type: 'drop' },
      });
      expect(res.status).toBe(404);
    });
  });
});
