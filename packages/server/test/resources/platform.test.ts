import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';
import { call, expectResourceError, soap, soapEnvelope, tokenFor } from './resource-helpers.js';

describe.each(BACKENDS)('platform routes and bearer checks ($name)', (backend) => {
  let now = Date.parse('2026-03-01T10:00:00Z');
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer({ now: () => now, ...backend.serverOptions() });
    token = await tokenFor(server);
  });
  afterAll(async () => {
    await server?.close();
    await backend.cleanup();
  });

  it('tokenContext names the enterprise, the BU and a stable API user', async () => {
    const res = await call('GET', `${server.restBaseUri}platform/v1/tokenContext`, { token });
    expect(res.status).toBe(200);
    expect(res.body.enterprise).toEqual({ id: server.eid });
    expect(res.body.organization).toEqual({ id: server.eid });
    expect(Number.isInteger(res.body.user.id)).toBe(true);
    const again = await call('GET', `${server.restBaseUri}platform/v1/tokenContext`, {
      token: await tokenFor(server),
    });
    expect(again.body.user.id).toBe(res.body.user.id);
  });

  it('endpoints lists the tenant base URIs; /soap is the Service.asmx URL; unknown type → 404/30003', async () => {
    const list = await call('GET', `${server.restBaseUri}platform/v1/endpoints`, { token });
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual({ type: 'rest', url: server.restBaseUri });
    const soapEp = await call('GET', `${server.restBaseUri}platform/v1/endpoints/soap`, { token });
    expect(soapEp.body).toEqual({ type: 'soap', url: `${server.soapBaseUri}Service.asmx` });
    const unknown = await call('GET', `${server.restBaseUri}platform/v1/endpoints/foobar`, { token });
    expectResourceError(unknown, 404, 30003);
    expect(unknown.body.message).toBe("No endpoint exists for key 'foobar'.");
  });

  it('no token → 401/0 with a Bearer challenge without error attribute', async () => {
    const res = await call('GET', `${server.restBaseUri}platform/v1/tokenContext`);
    expectResourceError(res, 401, 0);
    expect(res.body.message).toBe('Not Authorized');
    expect(res.headers.get('www-authenticate')).toBe(`Bearer realm="${server.restBaseUri}"`);
  });

  it('a garbage or tampered token → 401/0 with error="invalid_token"', async () => {
    for (const bad of ['garbage', `${token.slice(0, -4)}AAAA`]) {
      const res = await call('GET', `${server.restBaseUri}platform/v1/tokenContext`, { token: bad });
      expectResourceError(res, 401, 0);
      expect(res.headers.get('www-authenticate')).toBe(
        `Bearer realm="${server.restBaseUri}", error="invalid_token"`,
      );
      expect(res.text).not.toContain(bad);
    }
    const basic = await call('GET', `${server.restBaseUri}platform/v1/tokenContext`, {
      headers: { authorization: 'Basic Zm9vOmJhcg==' },
    });
    expectResourceError(basic, 401, 0);
    // RFC 6750 §3.1: another scheme is no bearer token at all, so no error code.
    expect(basic.headers.get('www-authenticate')).toBe(`Bearer realm="${server.restBaseUri}"`);
    const empty = await call('GET', `${server.restBaseUri}platform/v1/tokenContext`, {
      headers: { authorization: 'Bearer ' },
    });
    expect(empty.headers.get('www-authenticate')).toBe(
      `Bearer realm="${server.restBaseUri}", error="invalid_token"`,
    );
  });

  it('an expired token → 401/0 (injected clock)', async () => {
    const shortLived = await tokenFor(server);
    now += 1201 * 1000;
    try {
      const res = await call('GET', `${server.restBaseUri}platform/v1/tokenContext`, { token: shortLived });
      expectResourceError(res, 401, 0);
      expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    } finally {
      now -= 1201 * 1000;
    }
  });

  it('a revoked token → 401/0 at once, over REST and SOAP, although it was verified (and cached) before', async () => {
    const doomed = await tokenFor(server);
    const url = `${server.restBaseUri}platform/v1/tokenContext`;
    expect((await call('GET', url, { token: doomed })).status).toBe(200);
    const revoked = await call('POST', `${server.authBaseUri}v2/revoke`, {
      body: { token: doomed, client_id: server.clientId, client_secret: server.clientSecret },
    });
    expect(revoked.status, revoked.text).toBe(200);
    const res = await call('GET', url, { token: doomed });
    expectResourceError(res, 401, 0);
    expect(res.headers.get('www-authenticate')).toBe(
      `Bearer realm="${server.restBaseUri}", error="invalid_token"`,
    );
    const fault = await soap(
      server,
      soapEnvelope(
        doomed,
        '<RetrieveRequestMsg><RetrieveRequest><ObjectType>DataExtension</ObjectType></RetrieveRequest></RetrieveRequestMsg>',
      ),
    );
    expect(fault.status).toBe(500);
    expect(fault.text).toContain('>q0:Security</faultcode>');
    // Other tokens of the same client are untouched.
    expect((await call('GET', url, { token })).status).toBe(200);
  });

  it('a user-context token: tokenContext names the user; a token for a BU or EID the tenant lacks → 401/0', async () => {
    const signer = server.server.ctx.keys.signer();
    const mint = (over: { mid?: number; eid?: number; userId?: number; alg?: 'none' }) => {
      const issued = signer.issue({
        issuer: server.authBaseUri,
        clientId: server.clientId,
        clientType: over.userId === undefined ? 'ServerToServer' : 'Confidential',
        eid: over.eid ?? server.eid,
        mid: over.mid ?? server.eid,
        scopes: ['data_extensions_read'],
        ...(over.userId === undefined ? {} : { userId: over.userId }),
        nowSeconds: Math.floor(now / 1000),
        ttlSeconds: 1200,
      }).token;
      if (over.alg !== 'none') return issued;
      const [, payload] = issued.split('.');
      return `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    };
    const url = `${server.restBaseUri}platform/v1/tokenContext`;
    const user = await call('GET', url, { token: mint({ userId: 4242 }) });
    expect(user.status, user.text).toBe(200);
    expect(user.body).toEqual({
      enterprise: { id: server.eid },
      organization: { id: server.eid },
      user: { id: 4242 },
    });
    for (const bad of [mint({ mid: 1 }), mint({ eid: server.eid + 1 }), mint({ alg: 'none' })]) {
      const res = await call('GET', url, { token: bad });
      expectResourceError(res, 401, 0);
      expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
  });

  it("another tenant's token → 403/40002", async () => {
    const other = await server.admin('POST', '/tenants', { name: 'Other Corp' });
    expect(other.status).toBe(201);
    const pkg = await server.admin('POST', `/tenants/${other.body.subdomain}/packages`, { name: 'x' });
    const integ = await server.admin(
      'POST',
      `/tenants/${other.body.subdomain}/packages/${pkg.body.id}/integration`,
      {
        integrationType: 'server-to-server',
        scopes: ['data_extensions_read'],
      },
    );
    const otherToken = await tokenFor(server, {
      authBaseUri: other.body.authBaseUri,
      clientId: integ.body.clientId,
      clientSecret: integ.body.clientSecret,
    });
    const res = await call('GET', `${server.restBaseUri}platform/v1/tokenContext`, { token: otherToken });
    expectResourceError(res, 403, 40002);
    const own = await call('GET', `${other.body.restBaseUri}platform/v1/tokenContext`, { token: otherToken });
    expect(own.status).toBe(200);
    // A deleted tenant's tokens are dead, not misplaced.
    await server.admin('DELETE', `/tenants/${other.body.subdomain}`);
    const gone = await call('GET', `${other.body.restBaseUri}platform/v1/tokenContext`, {
      token: otherToken,
    });
    expectResourceError(gone, 401, 0);
  });

  it('an unknown REST route → 404/30003 after the bearer check', async () => {
    expectResourceError(await call('GET', `${server.restBaseUri}nope/v1/thing`, { token }), 404, 30003);
    expectResourceError(await call('GET', `${server.restBaseUri}nope/v1/thing`), 401, 0);
  });

  it('/openapi.json describes the REST resource API with a bearer scheme', async () => {
    const res = await call('GET', `${server.baseUrl}/openapi.json`);
    const paths = Object.keys(res.body.paths);
    expect(paths).toContain('/{subdomain}/rest/platform/v1/tokenContext');
    expect(paths).toContain('/{subdomain}/rest/hub/v1/dataevents/{target}/rowset');
    expect(paths).toContain('/{subdomain}/rest/data/v1/customobjectdata/key/{key}/rowset');
    expect(paths).toContain('/{subdomain}/rest/data/v1/async/dataextensions/{target}/rows');
    expect(res.body.components.securitySchemes.accessToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    const op = res.body.paths['/{subdomain}/rest/hub/v1/dataevents/{target}/rowset'].post;
    expect(op.security).toEqual([{ oauth2: [] }, { accessToken: [] }]);
    expect(op.requestBody).toBeDefined();
    // Every REST resource operation, with its token, throttling and body errors (PRODUCT.md §5).
    const rest = '/{subdomain}/rest/';
    const operations: Array<[string, string, string[]]> = [
      ['get', 'platform/v1/tokenContext', []],
      ['get', 'platform/v1/endpoints', []],
      ['get', 'platform/v1/endpoints/{type}', ['404']],
      ['post', 'hub/v1/dataevents/{target}/rowset', ['400', '404', '413', '415']],
      ['put', 'hub/v1/dataevents/{target}/rows/{primaryKeys}', ['400', '404', '413', '415']],
      ['get', 'data/v1/customobjectdata/key/{key}/rowset', ['400', '404']],
      ['post', 'data/v1/async/dataextensions/{target}/rows', ['400', '404', '413', '415']],
      ['put', 'data/v1/async/dataextensions/{target}/rows', ['400', '404', '413', '415']],
      ['get', 'data/v1/async/{requestId}/status', ['404']],
      ['get', 'data/v1/async/{requestId}/results', ['404']],
    ];
    const documented = paths
      .filter((p) => p.startsWith(rest))
      .flatMap((p) => Object.keys(res.body.paths[p]).map((m) => `${m} ${p.slice(rest.length)}`));
    expect(documented.sort()).toEqual(operations.map(([m, p]) => `${m} ${p}`).sort());
    for (const [method, path, codes] of operations) {
      const operation = res.body.paths[`${rest}${path}`][method];
      expect(operation.security, `${method} ${path}`).toEqual([{ oauth2: [] }, { accessToken: [] }]);
      const statuses = Object.keys(operation.responses);
      for (const code of ['401', '403', '429', ...codes])
        expect(statuses, `${method} ${path}`).toContain(code);
    }
    expect(res.body.info.description).toContain('resource API');
    // OpenAPI 3.0, which import tools read, so nothing of 3.1's JSON Schema (type "null", type lists).
    expect(res.body.openapi).toBe('3.0.3');
    expect(res.text).not.toMatch(/"type":\s*(\[|"null")/);
    // An imported file (no server to resolve against) still says where to call.
    expect(res.body.servers).toEqual([{ url: server.baseUrl, description: 'Packgate (path mode)' }]);
  });
});

/** A request with its own Host header (fetch cannot set one): host mode's virtual hosts. */
function viaHost(
  server: TestServer,
  host: string,
  method: string,
  path: string,
  init: { token?: string; body?: string; contentType?: string } = {},
): Promise<{ status: number; headers: Record<string, unknown>; text: string; body: any }> {
  const { port } = new URL(server.baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: {
          host,
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
          ...(init.body ? { 'content-type': init.contentType ?? 'application/json' } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => {
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
        });
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('host mode (PACKGATE_BASE_DOMAIN): the tenant comes from the host', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ settings: { baseDomain: 'example.test' } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('a token from {sub}.auth reads tokenContext on {sub}.rest and Retrieves on {sub}.soap; another host is 403/40002', async () => {
    const sub = server.subdomain;
    const issued = await viaHost(server, `${sub}.auth.example.test`, 'POST', '/v2/token', {
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: server.clientId,
        client_secret: server.clientSecret,
      }),
    });
    expect(issued.status, issued.text).toBe(200);
    expect(issued.body.rest_instance_url).toBe(`https://${sub}.rest.example.test/`);
    const token = issued.body.access_token as string;
    const context = await viaHost(server, `${sub}.rest.example.test`, 'GET', '/platform/v1/tokenContext', {
      token,
    });
    expect(context.status, context.text).toBe(200);
    expect(context.body.organization).toEqual({ id: server.eid });
    const soapRes = await viaHost(server, `${sub}.soap.example.test`, 'POST', '/Service.asmx', {
      body: soapEnvelope(
        token,
        '<RetrieveRequestMsg><RetrieveRequest><ObjectType>DataExtension</ObjectType></RetrieveRequest></RetrieveRequestMsg>',
      ),
      contentType: 'text/xml',
    });
    expect(soapRes.status, soapRes.text).toBe(200);
    expect(soapRes.text).toContain('<OverallStatus>OK</OverallStatus>');
    const elsewhere = await viaHost(
      server,
      `mc${'0'.repeat(26)}.rest.example.test`,
      'GET',
      '/platform/v1/tokenContext',
      { token },
    );
    expect({ status: elsewhere.status, errorcode: elsewhere.body?.errorcode }).toEqual({
      status: 403,
      errorcode: 40002,
    });
    const anonymous = await viaHost(server, `${sub}.rest.example.test`, 'GET', '/platform/v1/tokenContext');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe(`Bearer realm="https://${sub}.rest.example.test/"`);
  });
});
