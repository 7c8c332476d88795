import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';
import { createServerToServer } from '../support/fixtures.js';
import { expectOAuthError, post } from '../support/oauth-assertions.js';

/** Issue 14 part 2: a leaked secret dies at once, with every access token it issued. */
describe.each(BACKENDS)('revoking a leaked secret on $name', (backend) => {
  let s: TestServer;
  let tokenUrl: string;
  beforeAll(async () => {
    s = await startTestServer(backend.serverOptions());
    tokenUrl = `${s.authBaseUri}v2/token`;
  });
  afterAll(async () => {
    await s?.close();
    await backend.cleanup();
  });

  const token = async (clientId: string, clientSecret: string) => {
    const res = await post(tokenUrl, {
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    });
    expect(res.status).toBe(200);
    return res.body.access_token as string;
  };
  const tokenContext = (accessToken: string) =>
    fetch(`${s.restBaseUri}platform/v1/tokenContext`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });

  it('revoke → the secret is refused, its tokens are revoked (and counted), the other secret and its tokens keep working', async () => {
    const c = await createServerToServer(s, { scopes: ['data_extensions_read'] });
    const secrets = `/tenants/${s.subdomain}/packages/${c.packageId}/integration/secrets`;
    const withActive = await token(c.clientId, c.clientSecret);
    const leaked = await s.admin('POST', secrets, { description: 'pasted into a ticket' });
    const leakedTokens = [
      await token(c.clientId, leaked.body.clientSecret),
      await token(c.clientId, leaked.body.clientSecret),
    ];
    for (const t of [withActive, ...leakedTokens]) expect((await tokenContext(t)).status).toBe(200);

    const revoked = await s.admin('POST', `${secrets}/${leaked.body.secretId}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({
      tokensRevoked: 2,
      secret: { secretId: leaked.body.secretId, state: 'revoked' },
    });
    expect(revoked.body.secret.revokedAt).toEqual(expect.any(String));
    expect(JSON.stringify(revoked.body)).not.toContain(leaked.body.clientSecret);

    for (const t of leakedTokens) expect((await tokenContext(t)).status).toBe(401);
    expect((await tokenContext(withActive)).status).toBe(200);
    expectOAuthError(
      await post(tokenUrl, {
        grant_type: 'client_credentials',
        client_id: c.clientId,
        client_secret: leaked.body.clientSecret,
      }),
      'invalid_client',
      401,
    );
    expect((await tokenContext(await token(c.clientId, c.clientSecret))).status).toBe(200);

    const introspected = await post(`${s.authBaseUri}v2/introspect`, {
      token: leakedTokens[0],
      client_id: c.clientId,
      client_secret: c.clientSecret,
    });
    expect(introspected.status).toBe(200);
    expect(introspected.body.active).toBe(false);

    const audit = await s.admin('GET', `/tenants/${s.subdomain}/audit-events?limit=10`);
    const event = audit.body.items.find((e: { action: string }) => e.action === 'client_secret.revoked');
    expect(event).toMatchObject({
      target: c.clientId,
      details: {
        secretId: leaked.body.secretId,
        tokensRevoked: 2,
        before: { state: 'staged' },
        after: { state: 'revoked' },
      },
    });
  });

  it('revoking the active secret stops it at once; a forced Generate gets the integration going again', async () => {
    const c = await createServerToServer(s, { scopes: [] });
    const secrets = `/tenants/${s.subdomain}/packages/${c.packageId}/integration/secrets`;
    const before = await token(c.clientId, c.clientSecret);
    const active = (await s.admin('GET', secrets)).body.items[0];
    const res = await s.admin('POST', `${secrets}/${active.secretId}/revoke`);
    expect(res.body.tokensRevoked).toBe(1);
    expect((await tokenContext(before)).status).toBe(401);
    const replacement = await s.admin('POST', secrets, { force: true });
    expect(
      (await s.admin('POST', `${secrets}/${replacement.body.secretId}/activate`, { force: true })).status,
    ).toBe(200);
    expect((await tokenContext(await token(c.clientId, replacement.body.clientSecret))).status).toBe(200);
  });

  it('bad input: revoking an already revoked secret → 409, an unknown one → 404, a public app → 400', async () => {
    const c = await createServerToServer(s, { scopes: [] });
    const secrets = `/tenants/${s.subdomain}/packages/${c.packageId}/integration/secrets`;
    const staged = await s.admin('POST', secrets);
    expect((await s.admin('POST', `${secrets}/${staged.body.secretId}/revoke`)).status).toBe(200);
    const again = await s.admin('POST', `${secrets}/${staged.body.secretId}/revoke`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      error: 'conflict',
      message: expect.stringMatching(/already revoked at/),
    });
    expect((await s.admin('POST', `${secrets}/${staged.body.secretId}/activate`)).status).toBe(409);
    expect((await s.admin('POST', `${secrets}/00000000-0000-4000-8000-000000000000/revoke`)).status).toBe(
      404,
    );
    const pkg = await s.admin('POST', `/tenants/${s.subdomain}/packages`, { name: 'public' });
    await s.admin('POST', `/tenants/${s.subdomain}/packages/${pkg.body.id}/integration`, {
      integrationType: 'public-app',
      scopes: [],
      redirectUris: ['https://app.example/cb'],
    });
    const res = await s.admin(
      'POST',
      `/tenants/${s.subdomain}/packages/${pkg.body.id}/integration/secrets/x/revoke`,
    );
    expect(res.status).toBe(400);
  });
});
