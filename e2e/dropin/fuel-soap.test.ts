import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DE, type DropinRig, sdkVersion, startDropinRig } from './dropin-harness.js';

const require = createRequire(import.meta.url);
const FuelSoap = require('fuel-soap');

let rig: DropinRig;
beforeAll(async () => {
  rig = await startDropinRig();
});
afterAll(async () => rig?.close());

/** fuel-soap with OAuth 2: it posts to the token's soap_instance_url + `Service.asmx`. */
function fuelSoap(clientSecret = rig.clientSecret) {
  const client = new FuelSoap({
    auth: {
      clientId: rig.clientId,
      clientSecret,
      authUrl: `${rig.authBaseUri}v2/token`,
      authOptions: {
        authVersion: 2,
        accountId: rig.mid,
        scope: 'data_extensions_read data_extensions_write',
      },
    },
  });
  const call =
    (name: string) =>
    (...args: unknown[]) =>
      promisify((...a: unknown[]) => (client[name] as (...x: unknown[]) => void).apply(client, a))(
        ...args,
      ) as Promise<{
        body: any;
        res: { statusCode: number };
      }>;
  return {
    client,
    create: call('create') as (type: string, props: object) => ReturnType<ReturnType<typeof call>>,
    update: call('update') as (type: string, props: object) => ReturnType<ReturnType<typeof call>>,
    retrieve: call('retrieve') as (
      type: string,
      props: string[],
      options?: object,
    ) => ReturnType<ReturnType<typeof call>>,
  };
}

const row = (email: string, values: Record<string, string>) => ({
  CustomerKey: DE.key,
  Properties: {
    Property: [
      { Name: 'Email', Value: email },
      ...Object.entries(values).map(([Name, Value]) => ({ Name, Value })),
    ],
  },
});
const props = (result: any) =>
  Object.fromEntries(
    result.Properties.Property.map((p: { Name: string; Value: string }) => [p.Name, p.Value]),
  );

describe(`${sdkVersion('fuel-soap')} unmodified against Packgate in host mode over TLS`, () => {
  it('Create and Update of DataExtensionObject rows, then Retrieve of DataExtensionObject[key] with a filter', async () => {
    const soap = fuelSoap();
    const created = await soap.create(
      'DataExtensionObject',
      row('marie@example.com', { FirstName: 'Marie', Points: '1' }),
    );
    expect(created.body.OverallStatus).toBe('OK');
    expect(created.res.statusCode).toBe(200);
    const updated = await soap.update('DataExtensionObject', row('marie@example.com', { Points: '2' }));
    expect(updated.body.OverallStatus).toBe('OK');
    const retrieved = await soap.retrieve(
      `DataExtensionObject[${DE.key}]`,
      ['Email', 'FirstName', 'Points'],
      {
        filter: { leftOperand: 'Email', operator: 'equals', rightOperand: 'marie@example.com' },
      },
    );
    expect(retrieved.body.OverallStatus).toBe('OK');
    expect(retrieved.body.Results.map(props)).toEqual([
      { Email: 'marie@example.com', FirstName: 'Marie', Points: '2' },
    ]);
  });

  it('a token that expired on the server: the "Token Expired" fault; after invalidateToken the next call gets a new token', async () => {
    const soap = fuelSoap();
    const first = await soap.retrieve(`DataExtensionObject[${DE.key}]`, ['Email']);
    expect(first.body.OverallStatus).toBe('OK');
    const before = (await soap.client.AuthClient.getAccessToken()).accessToken;
    rig.advanceSeconds(1201);
    // fuel-soap retries once on "Token Expired" but with the token its cache still holds.
    const err = await soap.retrieve(`DataExtensionObject[${DE.key}]`, ['Email']).catch((e: unknown) => e);
    expect((err as { faultstring?: string }).faultstring).toBe('Token Expired');
    soap.client.AuthClient.invalidateToken(before);
    const again = await soap.retrieve(`DataExtensionObject[${DE.key}]`, ['Email']);
    expect(again.body.OverallStatus).toBe('OK');
    expect((await soap.client.AuthClient.getAccessToken()).accessToken).not.toBe(before);
  });

  it('a wrong secret: "No access token" with the OAuth error, and no SOAP request', async () => {
    const err = await fuelSoap(`${rig.clientSecret.slice(0, -4)}AAAA`)
      .retrieve(`DataExtensionObject[${DE.key}]`, ['Email'])
      .catch((e: unknown) => e);
    expect((err as Error).message).toBe('No access token');
    expect((err as { res: { error: string } }).res.error).toBe('invalid_client');
  });

  it('a Data Extension the BU does not have: an Error status, which fuel-soap turns into its message', async () => {
    const err = await fuelSoap()
      .retrieve('DataExtensionObject[NOPE]', ['Email'])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as { errorPropagatedFrom?: string }).errorPropagatedFrom).toBe('Retrieve Response');
    expect((err as Error).message).toBe('Data extension NOPE was not found in this business unit.');
  });
});
