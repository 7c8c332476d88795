import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DE, type DropinRig, sdkVersion, startDropinRig } from './dropin-harness.js';

const require = createRequire(import.meta.url);
const FuelRest = require('fuel-rest');

let rig: DropinRig;
beforeAll(async () => {
  rig = await startDropinRig();
});
afterAll(async () => rig?.close());

/** fuel-rest with OAuth 2 (`authVersion: 2`): it sends every request to the token's rest_instance_url. */
const fuelRest = (authOptions: Record<string, unknown> = {}, clientSecret = rig.clientSecret) =>
  new FuelRest({
    auth: {
      clientId: rig.clientId,
      clientSecret,
      authUrl: `${rig.authBaseUri}v2/token`,
      authOptions: { authVersion: 2, accountId: rig.mid, ...authOptions },
    },
  });

describe(`${sdkVersion('fuel-rest')} unmodified against Packgate in host mode over TLS`, () => {
  it('token with accountId and scope, then platform/v1/tokenContext (fuel-rest lowercases the path)', async () => {
    const client = fuelRest({ scope: 'data_extensions_read' });
    const res = await client.get({ uri: '/platform/v1/tokenContext' });
    expect(res.res.statusCode).toBe(200);
    expect(res.res.request.uri.href).toBe(
      `https://${rig.subdomain}.rest.marketingcloudapis.com/platform/v1/tokencontext`,
    );
    expect(res.body.organization.id).toBe(rig.mid);
    const token = await client.AuthClient.getAccessToken({ force: true });
    expect(token.scope).toBe('data_extensions_read');
  });

  it('Data Extension rows: upsert by key, then read them back (the key arrives lowercased)', async () => {
    const client = fuelRest();
    const upsert = await client.post({
      uri: `/hub/v1/dataevents/key:${DE.key}/rowset`,
      json: [
        { keys: { Email: 'grace@example.com' }, values: { FirstName: 'Grace', Points: 3 } },
        { keys: { Email: 'linus@example.com' }, values: { FirstName: 'Linus', Points: 5 } },
      ],
    });
    expect(upsert.res.statusCode, JSON.stringify(upsert.body)).toBe(200);
    const put = await client.put({
      uri: `/hub/v1/dataevents/key:${DE.key}/rows/Email:grace@example.com`,
      json: { values: { Points: 4 } },
    });
    expect(put.res.statusCode, JSON.stringify(put.body)).toBe(200);
    const read = await client.get({
      uri: `/data/v1/customobjectdata/key/${DE.key}/rowset?$filter=Email%20eq%20'grace@example.com'`,
    });
    expect(read.res.statusCode, JSON.stringify(read.body)).toBe(200);
    expect(read.body.items).toEqual([
      { keys: { email: 'grace@example.com' }, values: { firstname: 'Grace', points: '4' } },
    ]);
  });

  it('a token that expired on the server: fuel-rest sees 401 invalid_token, gets a new token and retries once', async () => {
    const client = fuelRest();
    await client.get({ uri: '/platform/v1/tokenContext' });
    const before = (await client.AuthClient.getAccessToken()).accessToken;
    rig.advanceSeconds(1201);
    const res = await client.get({ uri: '/platform/v1/tokenContext' });
    expect(res.res.statusCode).toBe(200);
    const after = (await client.AuthClient.getAccessToken()).accessToken;
    expect(after).not.toBe(before);
  });

  it('a wrong secret: the request fails with "No access token" and the OAuth error attached', async () => {
    const err = await fuelRest({}, `${rig.clientSecret.slice(0, -4)}AAAA`)
      .get({ uri: '/platform/v1/tokenContext' })
      .catch((e: unknown) => e);
    expect((err as Error).message).toBe('No access token');
    expect((err as { res: { error: string } }).res.error).toBe('invalid_client');
  });

  it('a Data Extension the BU does not have: 404 in the REST error shape', async () => {
    const res = await fuelRest().get({ uri: '/data/v1/customobjectdata/key/NOPE/rowset' });
    expect(res.res.statusCode).toBe(404);
    expect(Object.keys(res.body).sort()).toEqual(['documentation', 'errorcode', 'message']);
  });
});
