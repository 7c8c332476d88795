import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { parseForm } from './support/browser.js';
import { createUser, PASSWORD, WEB_REDIRECT } from './support/fixture.js';

interface HostResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * PRODUCT.md §3 host mode (`PACKGATE_BASE_DOMAIN`, the drop-in mode): the auth base URI is
 * `https://{sub}.auth.{domain}/` and TLS ends in front of Packgate. The whole browser flow must
 * name that host — form action, redirect `iss`, token `iss` — and its cookies must be Secure.
 */
describe('user-context flow in host mode', () => {
  let server: TestServer;
  let host: string;
  let clientId: string;
  let clientSecret: string;
  const cookies = new Map<string, string>();

  /** A request to the virtual host (fetch cannot set Host), carrying and keeping cookies. */
  function viaHost(method: string, path: string, form?: Record<string, string>): Promise<HostResponse> {
    const body = form && new URLSearchParams(form).toString();
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: new URL(server.baseUrl).port,
          method,
          path,
          headers: {
            host,
            ...(cookies.size > 0 ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
            ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => {
            text += chunk;
          });
          res.on('end', () => {
            for (const line of res.headers['set-cookie'] ?? []) {
              const [pair = ''] = line.split(';');
              const eq = pair.indexOf('=');
              cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  beforeAll(async () => {
    server = await startTestServer({ settings: { baseDomain: 'example.test' } });
    host = `${server.subdomain}.auth.example.test`;
    const pkg = await server.admin('POST', `/tenants/${server.subdomain}/packages`, {
      name: 'Drop-in web app',
    });
    const integration = await server.admin(
      'POST',
      `/tenants/${server.subdomain}/packages/${pkg.body.id}/integration`,
      { integrationType: 'web-app', scopes: ['email_read', 'offline'], redirectUris: [WEB_REDIRECT] },
    );
    clientId = integration.body.clientId;
    clientSecret = integration.body.clientSecret;
    const ada = await createUser(server, 'ada', [{ mid: server.eid, permissions: ['email_read'] }]);
    await server.admin('PUT', `/tenants/${server.subdomain}/packages/${pkg.body.id}/integration/licenses`, {
      userIds: [ada.id],
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('login form, code, token and userinfo all name https://{sub}.auth.{domain}/; cookies are Secure', async () => {
    const auth = `https://${host}/`;
    const metadata = JSON.parse((await viaHost('GET', '/.well-known/oauth-authorization-server')).text);
    expect(metadata).toMatchObject({ issuer: auth, authorization_endpoint: `${auth}v2/authorize` });

    const query = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: WEB_REDIRECT,
      state: 's',
    });
    const login = await viaHost('GET', `/v2/authorize?${query}`);
    expect(login.status).toBe(200);
    expect(login.headers['set-cookie']?.join('\n')).toMatch(/packgate_csrf=[^;]+;.*Secure/);
    const form = parseForm(login.text);
    expect(form.action).toBe(`${auth}v2/authorize`);

    const signedIn = await viaHost('POST', new URL(form.action).pathname, {
      ...form.fields,
      username: 'ada',
      password: PASSWORD,
    });
    expect(signedIn.status).toBe(303);
    const session = (signedIn.headers['set-cookie'] ?? []).find((c) =>
      c.startsWith(`packgate_session_${server.subdomain}=`),
    );
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/HttpOnly/);
    const callback = new URL(String(signedIn.headers.location));
    expect(callback.searchParams.get('iss')).toBe(auth);
    expect(callback.searchParams.get('tssd')).toBe(server.subdomain);

    const issued = await viaHost('POST', '/v2/token', {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: WEB_REDIRECT,
      client_id: clientId,
      client_secret: clientSecret,
    });
    expect(issued.status, issued.text).toBe(200);
    const tokens = JSON.parse(issued.text);
    expect(tokens.scope).toBe('email_read offline');
    expect(tokens.rest_instance_url).toBe(`https://${server.subdomain}.rest.example.test/`);

    const userinfo = await new Promise<HostResponse>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: new URL(server.baseUrl).port,
          path: '/v2/userinfo',
          headers: { host, authorization: `Bearer ${tokens.access_token}` },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(userinfo.status, userinfo.text).toBe(200);
    expect(JSON.parse(userinfo.text)).toMatchObject({ iss: auth, user: { preferred_username: 'ada' } });
  });
});
