import SDK from 'sfmc-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsOf, DE, type DropinRig, sdkVersion, startDropinRig } from './dropin-harness.js';

let rig: DropinRig;
beforeAll(async () => {
  rig = await startDropinRig();
});
afterAll(async () => rig?.close());

/** The SDK as its README shows it, with Marketing Cloud's URL; only the credentials are Packgate's. */
const sdk = (overrides: Record<string, unknown> = {}, options: Record<string, unknown> = {}) =>
  new SDK(
    {
      client_id: rig.clientId,
      client_secret: rig.clientSecret,
      auth_url: rig.authBaseUri,
      account_id: String(rig.mid),
      ...overrides,
    },
    { requestAttempts: 2, retryOnConnectionError: false, ...options },
  );

describe(`${sdkVersion('sfmc-sdk')} unmodified against Packgate in host mode over TLS`, () => {
  it('token with account_id and scopes; REST platform/v1/tokenContext', async () => {
    const client = sdk({ scope: ['data_extensions_read', 'data_extensions_write'] });
    const auth = await client.auth.getAccessToken();
    expect(auth.scope).toBe('data_extensions_read data_extensions_write');
    expect(auth.expires_in).toBe(1079);
    expect(auth.rest_instance_url).toBe(`https://${rig.subdomain}.rest.marketingcloudapis.com/`);
    expect(auth.soap_instance_url).toBe(`https://${rig.subdomain}.soap.marketingcloudapis.com/`);
    expect(auth.access_token.length).toBeLessThanOrEqual(512);
    expect(claimsOf(auth.access_token).mid).toBe(rig.mid);
    const context = await client.rest.get('/platform/v1/tokenContext');
    expect(context.organization.id).toBe(rig.mid);
    expect(context.enterprise.id).toBe(rig.server.eid);
  });

  it('Data Extension rows: upsert through hub/v1/dataevents, read through data/v1/customobjectdata', async () => {
    const client = sdk();
    await client.rest.post(`/hub/v1/dataevents/key:${DE.key}/rowset`, [
      { keys: { Email: 'ada@example.com' }, values: { FirstName: 'Ada', Points: '10' } },
      { keys: { Email: 'alan@example.com' }, values: { FirstName: 'Alan', Points: '7' } },
    ]);
    await client.rest.post(`/hub/v1/dataevents/key:${DE.key}/rowset`, [
      { keys: { Email: 'ada@example.com' }, values: { Points: '11' } },
    ]);
    const page = await client.rest.get(`/data/v1/customobjectdata/key/${DE.key}/rowset?$orderBy=Email`);
    expect(page.count).toBe(2);
    expect(page.items.map((i: { keys: object; values: object }) => [i.keys, i.values])).toEqual([
      [{ email: 'ada@example.com' }, { firstname: 'Ada', points: '11' }],
      [{ email: 'alan@example.com' }, { firstname: 'Alan', points: '7' }],
    ]);
  });

  it('SOAP Retrieve of DataExtensionObject[key], with a filter', async () => {
    const client = sdk();
    const res = await client.soap.retrieve(
      `DataExtensionObject[${DE.key}]`,
      ['Email', 'FirstName', 'Points'],
      {
        filter: { leftOperand: 'Email', operator: 'equals', rightOperand: 'alan@example.com' },
      },
    );
    expect(res.OverallStatus).toBe('OK');
    expect(res.Results).toHaveLength(1);
    const props = res.Results[0].Properties.Property;
    expect(props).toEqual([
      { Name: 'Email', Value: 'alan@example.com' },
      { Name: 'FirstName', Value: 'Alan' },
      { Name: 'Points', Value: 7 },
    ]);
  });

  it('a token that expired on the server while the SDK still held it: REST and SOAP refresh once and retry', async () => {
    let refreshes = 0;
    const client = sdk({}, { eventHandlers: { onRefresh: () => refreshes++ } });
    const first = await client.rest.get('/platform/v1/tokenContext');
    expect(refreshes).toBe(1);
    rig.advanceSeconds(1201); // past the 20 minutes; the SDK's own clock says 18 are left
    const again = await client.rest.get('/platform/v1/tokenContext');
    expect(again.organization.id).toBe(first.organization.id);
    expect(refreshes).toBe(2);
    rig.advanceSeconds(1201);
    const soap = await client.soap.retrieve(`DataExtensionObject[${DE.key}]`, ['Email']);
    expect(soap.Results).toHaveLength(2);
    expect(refreshes).toBe(3);
  });

  it('a wrong secret: the token request fails with 401 invalid_client, nothing else is sent', async () => {
    const client = sdk({ client_secret: `${rig.clientSecret.slice(0, -4)}AAAA` });
    const err = await client.auth.getAccessToken().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    const { response } = err as { response?: { status: number; data: { error: string } } };
    expect(response?.status).toBe(401);
    expect(response?.data.error).toBe('invalid_client');
  });

  it('an account_id the integration cannot reach: 401 unauthorized_client', async () => {
    const err = await sdk({ account_id: '99999999' })
      .auth.getAccessToken()
      .catch((e: unknown) => e);
    const { response } = err as { response?: { status: number; data: { error: string } } };
    expect(response?.status).toBe(401);
    expect(response?.data.error).toBe('unauthorized_client');
  });
});
