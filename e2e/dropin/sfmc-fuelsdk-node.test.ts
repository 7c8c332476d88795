import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DE, type DropinRig, sdkVersion, startDropinRig } from './dropin-harness.js';

const require = createRequire(import.meta.url);
const ET_Client = require('sfmc-fuelsdk-node');

let rig: DropinRig;
beforeAll(async () => {
  rig = await startDropinRig();
});
afterAll(async () => rig?.close());

/** ET_Client with OAuth 2 as FuelSDK-Node's README shows it: authOrigin, and the rest from the token. */
const etClient = (clientSecret = rig.clientSecret) =>
  new ET_Client(rig.clientId, clientSecret, null, {
    origin: `https://${rig.subdomain}.rest.marketingcloudapis.com`,
    authOrigin: `https://${rig.subdomain}.auth.marketingcloudapis.com`,
    authOptions: {
      authVersion: 2,
      accountId: String(rig.mid),
      scope: 'data_extensions_read data_extensions_write list_and_subscribers_read',
    },
  });

/** FuelSDK's object calls take a node-style callback; `err` is whatever the SOAP client rejected with. */
const call = (target: { [m: string]: any }, method: string) =>
  new Promise<any>((resolve, reject) =>
    target[method]((err: unknown, res: unknown) => (err ? reject(err) : resolve(res))),
  );
const props = (result: any) =>
  Object.fromEntries(
    result.Properties.Property.map((p: { Name: string; Value: string }) => [p.Name, p.Value]),
  );

describe(`${sdkVersion('sfmc-fuelsdk-node')} unmodified against Packgate in host mode over TLS`, () => {
  it('token with accountId and scopes; REST platform/v1/tokenContext through its RestClient', async () => {
    const client = etClient();
    const token = await client.FuelAuthClient.getAccessToken({ force: true });
    expect(token.scope.split(' ').sort()).toEqual([
      'data_extensions_read',
      'data_extensions_write',
      'list_and_subscribers_read',
    ]);
    expect(token.soap_instance_url).toBe(`https://${rig.subdomain}.soap.marketingcloudapis.com/`);
    const context = await client.RestClient.get('/platform/v1/tokenContext');
    expect(context.res.statusCode).toBe(200);
    expect(context.body.organization.id).toBe(rig.mid);
  });

  it('dataExtensionRow: post (Create) and patch (Update) name the Data Extension by Name; get retrieves DataExtensionObject[Name]', async () => {
    const client = etClient();
    const created = await call(
      client.dataExtensionRow({
        Name: DE.name,
        props: { Email: 'edsger@example.com', FirstName: 'Edsger', Points: 1 },
      }),
      'post',
    );
    expect(created.body.OverallStatus).toBe('OK');
    const patched = await call(
      client.dataExtensionRow({ Name: DE.name, props: { Email: 'edsger@example.com', Points: 2 } }),
      'patch',
    );
    expect(patched.body.OverallStatus).toBe('OK');
    const got = await call(
      client.dataExtensionRow({
        Name: DE.name,
        props: ['Email', 'FirstName', 'Points'],
        filter: { leftOperand: 'Email', operator: 'equals', rightOperand: 'edsger@example.com' },
      }),
      'get',
    );
    expect(got.body.OverallStatus).toBe('OK');
    expect(got.body.Results.map(props)).toEqual([
      { Email: 'edsger@example.com', FirstName: 'Edsger', Points: '2' },
    ]);
  });

  it('the same rows over REST: upsert by key through hub/v1/dataevents and read through customobjectdata', async () => {
    const client = etClient();
    const upsert = await client.RestClient.post({
      uri: `/hub/v1/dataevents/key:${DE.key}/rowset`,
      json: [{ keys: { Email: 'barbara@example.com' }, values: { FirstName: 'Barbara', Points: 9 } }],
    });
    expect(upsert.res.statusCode, JSON.stringify(upsert.body)).toBe(200);
    const read = await client.RestClient.get(`/data/v1/customobjectdata/key/${DE.key}/rowset?$orderBy=Email`);
    expect(read.body.items.map((i: { keys: { email: string } }) => i.keys.email)).toEqual([
      'barbara@example.com',
      'edsger@example.com',
    ]);
  });

  it('a token that expired on the server: the RestClient gets a new one and retries once', async () => {
    const client = etClient();
    await client.RestClient.get('/platform/v1/tokenContext');
    const before = (await client.FuelAuthClient.getAccessToken()).accessToken;
    rig.advanceSeconds(1201);
    const res = await client.RestClient.get('/platform/v1/tokenContext');
    expect(res.res.statusCode).toBe(200);
    expect((await client.FuelAuthClient.getAccessToken()).accessToken).not.toBe(before);
  });

  it('a wrong secret: the row retrieve fails with "No access token" and the OAuth error', async () => {
    const err = await call(
      etClient(`${rig.clientSecret.slice(0, -4)}AAAA`).dataExtensionRow({ Name: DE.name, props: ['Email'] }),
      'get',
    ).catch((e: unknown) => e);
    expect((err as Error).message).toBe('No access token');
    expect((err as { res: { error: string } }).res.error).toBe('invalid_client');
  });
});
