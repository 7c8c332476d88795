import SDK from 'sfmc-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsOf, DE, type DropinRig, sdkVersion, startDropinRig } from './dropin-harness.js';

let rig: DropinRig;
beforeAll(async () => {
  rig = await startDropinRig();
});
afterAll(async () => rig?.close());

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
    expect(auth.rest_instance_url).toBe(`https://${rig.subdomain}.rest.marketingcloudapis.com/`);
    expect(claimsOf(auth.access_token).mid).toBe(rig.mid);
    const context = await client.rest.get('/platform/v1/tokenContext');
    expect(context.organization.id).toBe(rig.mid);
  });
});
