import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsOf, type DropinRig, sdkVersion, startDropinRig } from './dropin-harness.js';

const require = createRequire(import.meta.url);
const FuelAuth = require('fuel-auth');

let rig: DropinRig;
beforeAll(async () => {
  rig = await startDropinRig();
});
afterAll(async () => rig?.close());

/** fuel-auth's OAuth 2 mode (`authVersion: 2`), as its README configures it. */
const fuelAuth = (authOptions: Record<string, unknown> = {}, clientSecret = rig.clientSecret) =>
  new FuelAuth({
    clientId: rig.clientId,
    clientSecret,
    authUrl: `${rig.authBaseUri}v2/token`,
    authOptions: { authVersion: 2, accountId: rig.mid, ...authOptions },
  });

const tokenContext = (token: string) =>
  fetch(`https://${rig.subdomain}.rest.marketingcloudapis.com/platform/v1/tokenContext`, {
    headers: { authorization: `Bearer ${token}` },
  });

describe(`${sdkVersion('fuel-auth')} unmodified against Packgate in host mode over TLS`, () => {
  it('token with accountId and scope; its REST instance URL answers platform/v1/tokenContext', async () => {
    const auth = fuelAuth({ scope: 'data_extensions_read email_read' });
    const body = await auth.getAccessToken();
    // In the order of the package's scopes, as Marketing Cloud answers.
    expect(body.scope.split(' ').sort()).toEqual(['data_extensions_read', 'email_read']);
    expect(body.accessToken).toBe(body.access_token);
    expect(body.rest_instance_url).toBe(`https://${rig.subdomain}.rest.marketingcloudapis.com/`);
    expect(claimsOf(body.accessToken).mid).toBe(rig.mid);
    // A second call is answered from fuel-auth's cache: still the same token.
    expect((await auth.getAccessToken()).accessToken).toBe(body.accessToken);
    const res = await tokenContext(body.accessToken);
    expect(res.status).toBe(200);
    expect((await res.json()).organization.id).toBe(rig.mid);
  });

  it('a token that expired on the server: 401 invalid_token; invalidateToken + getAccessToken get a new one', async () => {
    const auth = fuelAuth();
    const first = await auth.getAccessToken();
    rig.advanceSeconds(1201);
    expect(auth.isExpired()).toBe(false); // fuel-auth counts on expires_in; the server says otherwise
    const expired = await tokenContext(first.accessToken);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer\s.+?invalid_token/);
    auth.invalidateToken(first.accessToken);
    const second = await auth.getAccessToken();
    expect(second.accessToken).not.toBe(first.accessToken);
    expect((await tokenContext(second.accessToken)).status).toBe(200);
  });

  it('a wrong secret: the body is the OAuth error and fuel-auth holds no token', async () => {
    const auth = fuelAuth({}, `${rig.clientSecret.slice(0, -4)}AAAA`);
    const body = await auth.getAccessToken();
    expect(body.error).toBe('invalid_client');
    expect(body.accessToken).toBeNull();
    expect(auth.isExpired()).toBe(true);
  });

  it('a scope the integration does not hold: invalid_scope', async () => {
    const body = await fuelAuth({ scope: 'journeys_write' }).getAccessToken();
    expect(body.error).toBe('invalid_scope');
  });
});
