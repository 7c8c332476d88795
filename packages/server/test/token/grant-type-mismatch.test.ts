import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';
import { expectOAuthError, post } from '../support/oauth-assertions.js';

describe.each(BACKENDS)('wrong grant for the integration type ("Invalid Grant") on $name', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(backend.serverOptions());
  });
  afterAll(async () => {
    await s?.close();
    await backend.cleanup();
  });

  async function createApp(integrationType: 'web-app' | 'public-app') {
    const pkg = (await s.admin('POST', `/tenants/${s.subdomain}/packages`, { name: integrationType })).body;
    const res = await s.admin('POST', `/tenants/${s.subdomain}/packages/${pkg.id}/integration`, {
      integrationType,
      scopes: ['email_read'],
      redirectUris: ['https://app.example.com/cb'],
    });
    expect(res.status).toBe(201);
    return res.body as { clientId: string; clientSecret?: string };
  }

  it('client_credentials with a web app → 400 invalid_grant naming the type and the grant to use', async () => {
    const app = await createApp('web-app');
    const res = await post(`${s.authBaseUri}v2/token`, {
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: app.clientSecret,
    });
    expectOAuthError(res, 'invalid_grant', 400, /Web App.*"client_credentials".*"authorization_code"/);
  });

  it('client_credentials with a public app → 400 invalid_grant naming the type', async () => {
    const app = await createApp('public-app');
    const res = await post(`${s.authBaseUri}v2/token`, {
      grant_type: 'client_credentials',
      client_id: app.clientId,
    });
    expectOAuthError(res, 'invalid_grant', 400, /Public App/);
  });

  it('a public app sending a secret → 401 invalid_client', async () => {
    const app = await createApp('public-app');
    const res = await post(`${s.authBaseUri}v2/token`, {
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: 'anything',
    });
    expectOAuthError(res, 'invalid_client', 401, /no client secret/);
  });

  it('a server-to-server client without its secret → 401 invalid_client', async () => {
    const res = await post(`${s.authBaseUri}v2/token`, {
      grant_type: 'client_credentials',
      client_id: s.clientId,
    });
    expectOAuthError(res, 'invalid_client', 401);
  });
});
