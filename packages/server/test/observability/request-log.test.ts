import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/backends.js';
import { memoryLogger } from '../support/memory-logger.js';
import { post } from '../support/oauth-assertions.js';
import {
  exchangeWebCode,
  type Fixture,
  obtainCode,
  PASSWORD,
  startFixture,
  webAuthorizeParams,
} from '../user-context/support/fixture.js';

const backend = BACKENDS[0];
if (!backend) throw new Error('no backend');

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  route?: string;
  group?: string;
  method?: string;
  status?: number;
  latencyMs?: number;
  tenant?: string;
  clientId?: string;
  grantType?: string;
  outcome?: string;
  authFailure?: string;
}

describe('request log', () => {
  const logs = memoryLogger();
  let f: Fixture;
  /** Every credential the flow handles; none may appear in any log line. */
  const secrets = new Set<string>();
  const lines = (): LogLine[] =>
    logs
      .text()
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as LogLine);
  const linesOf = (reqId: string) => lines().filter((l) => l.reqId === reqId);
  const tokenUrl = () => `${f.server.authBaseUri}v2/token`;
  let n = 0;
  const nextId = () => `test-${++n}`;

  beforeAll(async () => {
    f = await startFixture(backend, { logger: logs.logger });
    secrets.add(PASSWORD).add(f.server.adminKey).add(f.server.clientSecret);
    if (f.webApp.clientSecret) secrets.add(f.webApp.clientSecret);
  });
  afterAll(async () => {
    await f.server.close();
    await backend.cleanup();
  });

  it('writes one line per token request, with request id, route, status, latency, tenant, client and grant', async () => {
    const id = nextId();
    const res = await post(
      tokenUrl(),
      {
        grant_type: 'client_credentials',
        client_id: f.server.clientId,
        client_secret: f.server.clientSecret,
      },
      { headers: { 'x-request-id': id } },
    );
    expect(res.status).toBe(200);
    secrets.add(res.body.access_token);
    expect(res.headers.get('x-request-id')).toBe(id);
    const mine = linesOf(id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      level: 30,
      msg: 'request',
      route: 'token',
      method: 'POST',
      status: 200,
      tenant: f.server.subdomain,
      clientId: f.server.clientId,
      grantType: 'client_credentials',
      outcome: 'issued',
    });
    expect(mine[0]?.latencyMs).toEqual(expect.any(Number));
  });

  it('logs failed client authentication at warn with a reason code, on both token transports', async () => {
    const cases: [Record<string, string>, string, string | undefined][] = [
      [
        { client_id: f.server.clientId, client_secret: 'wrong-secret-value-123456' },
        'secret_mismatch',
        f.server.clientId,
      ],
      [
        { client_id: 'no-such-client-id', client_secret: 'another-wrong-secret-987' },
        'client_unknown',
        'no-such-client-id',
      ],
      [{ client_id: f.server.clientId }, 'secret_missing', f.server.clientId],
      [{}, 'credentials_missing', undefined],
    ];
    for (const [credentials, reason, clientId] of cases) {
      for (const secret of Object.values(credentials)) if (secret.includes('secret')) secrets.add(secret);
      const id = nextId();
      const res = await post(
        tokenUrl(),
        { grant_type: 'client_credentials', ...credentials },
        {
          headers: { 'x-request-id': id },
        },
      );
      expect(res.status).toBe(401);
      const mine = linesOf(id);
      expect(mine, reason).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        level: 40,
        msg: 'client authentication failed',
        authFailure: reason,
        status: 401,
        outcome: 'invalid_client',
      });
      expect(mine[0]?.clientId).toBe(clientId);
    }
    // Through Fastify (app.inject: what the fast path does not take).
    const id = nextId();
    const injected = await f.server.server.app.inject({
      method: 'POST',
      url: `/${f.server.subdomain}/auth/v2/token`,
      headers: { 'content-type': 'application/json', 'x-request-id': id },
      payload: {
        grant_type: 'client_credentials',
        client_id: f.server.clientId,
        client_secret: 'third-wrong-secret-000',
      },
    });
    secrets.add('third-wrong-secret-000');
    expect(injected.statusCode).toBe(401);
    expect(injected.headers['x-request-id']).toBe(id);
    expect(linesOf(id)).toEqual([
      expect.objectContaining({ authFailure: 'secret_mismatch', route: 'token' }),
    ]);
  });

  it('replaces an over-long or odd x-request-id with a new one, and echoes that', async () => {
    for (const sent of ['x'.repeat(200), 'bad id with spaces']) {
      const res = await post(tokenUrl(), 'grant_type=client_credentials', {
        headers: { 'x-request-id': sent },
      });
      const echoed = res.headers.get('x-request-id') ?? '';
      expect(echoed).toMatch(/^[0-9a-f-]{36}$/);
      expect(linesOf(echoed)).toHaveLength(1);
      expect(logs.text()).not.toContain(sent);
      const rest = await fetch(`${f.server.restBaseUri}platform/v1/endpoints`, {
        headers: { 'x-request-id': sent },
      });
      expect(rest.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('logs a refused body (413) and an unreadable one on the fast path', async () => {
    const id = nextId();
    const big = await post(tokenUrl(), `grant_type=client_credentials&x=${'a'.repeat(70 * 1024)}`, {
      headers: { 'x-request-id': id },
    });
    expect(big.status).toBe(413);
    expect(linesOf(id)).toEqual([expect.objectContaining({ route: 'token', status: 413, msg: 'request' })]);
  });

  it('logs resource, authorize, introspect, revoke and admin requests with their route and client', async () => {
    const token = (
      await post(tokenUrl(), {
        grant_type: 'client_credentials',
        client_id: f.server.clientId,
        client_secret: f.server.clientSecret,
      })
    ).body.access_token as string;
    secrets.add(token);
    const restId = nextId();
    const rest = await fetch(`${f.server.restBaseUri}platform/v1/tokenContext`, {
      headers: { authorization: `Bearer ${token}`, 'x-request-id': restId },
    });
    expect(rest.status).toBe(200);
    expect(rest.headers.get('x-request-id')).toBe(restId);
    expect(linesOf(restId)).toEqual([
      expect.objectContaining({
        msg: 'request',
        method: 'GET',
        route: '/:subdomain/rest/platform/v1/tokenContext',
        group: 'rest',
        status: 200,
        tenant: f.server.subdomain,
        clientId: f.server.clientId,
        latencyMs: expect.any(Number),
      }),
    ]);

    // A whole authorization-code flow: sign-in, code, tokens, refresh, introspection, revocation.
    const code = await obtainCode(f, webAuthorizeParams(f, { scope: 'email_read offline' }));
    secrets.add(code);
    const exchanged = await exchangeWebCode(f, code);
    expect(exchanged.status).toBe(200);
    secrets.add(exchanged.body.access_token).add(exchanged.body.refresh_token);
    const refreshed = await post(tokenUrl(), {
      grant_type: 'refresh_token',
      refresh_token: exchanged.body.refresh_token,
      client_id: f.webApp.clientId,
      client_secret: f.webApp.clientSecret,
    });
    expect(refreshed.status).toBe(200);
    secrets.add(refreshed.body.access_token).add(refreshed.body.refresh_token);

    const introspectId = nextId();
    const introspect = await post(
      `${f.server.authBaseUri}v2/introspect`,
      {
        token: refreshed.body.access_token,
        client_id: f.webApp.clientId,
        client_secret: 'wrong-web-secret-4242',
      },
      { headers: { 'x-request-id': introspectId } },
    );
    secrets.add('wrong-web-secret-4242');
    expect(introspect.status).toBe(401);
    expect(linesOf(introspectId)).toEqual([
      expect.objectContaining({
        level: 40,
        group: 'introspect',
        authFailure: 'secret_mismatch',
        clientId: f.webApp.clientId,
        status: 401,
      }),
    ]);
    const revokeId = nextId();
    const revoke = await post(
      `${f.server.authBaseUri}v2/revoke`,
      {
        token: refreshed.body.refresh_token,
        client_id: f.webApp.clientId,
        client_secret: f.webApp.clientSecret,
      },
      { headers: { 'x-request-id': revokeId } },
    );
    expect(revoke.status).toBe(200);
    expect(linesOf(revokeId)).toEqual([expect.objectContaining({ group: 'revoke', status: 200 })]);

    // Admin: creating an integration answers with its secret; the log line has none of it.
    const pkg = await f.server.admin('POST', `/tenants/${f.server.subdomain}/packages`, { name: 'Logged' });
    const integration = await f.server.admin(
      'POST',
      `/tenants/${f.server.subdomain}/packages/${pkg.body.id}/integration`,
      { integrationType: 'server-to-server', scopes: ['email_read'] },
    );
    expect(integration.status).toBe(201);
    secrets.add(integration.body.clientSecret);
    const adminLines = lines().filter((l) => l.group === 'admin' && l.method === 'POST');
    expect(adminLines.length).toBeGreaterThanOrEqual(2);
    const authorizeLines = lines().filter((l) => l.group === 'authorize');
    expect(authorizeLines.length).toBeGreaterThanOrEqual(2);

    const missing = await fetch(`${f.server.baseUrl}/no/such/path?code=abc`, {
      headers: { 'x-request-id': 'nf-1' },
    });
    expect(missing.status).toBe(404);
    expect(linesOf('nf-1')).toEqual([expect.objectContaining({ route: '(none)', status: 404 })]);
  });

  it('never writes a secret, token, code or password, at any level', () => {
    const text = logs.text();
    expect(lines().filter((l) => l.msg === 'request').length).toBeGreaterThan(20);
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThanOrEqual(8);
      expect(text.includes(secret), `a credential of ${secret.length} characters is in the logs`).toBe(false);
    }
  });
});
