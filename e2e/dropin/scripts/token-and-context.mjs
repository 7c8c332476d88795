// Run by dropin-preload.test.ts in a child process started with NODE_OPTIONS="--import packgate/dropin":
// an unmodified sfmc-sdk and the global fetch, told nothing about Packgate but Marketing Cloud URLs.
import SDK from 'sfmc-sdk';

const [clientId, clientSecret, authUrl, accountId] = process.argv.slice(2);
const client = new SDK(
  { client_id: clientId, client_secret: clientSecret, auth_url: authUrl, account_id: accountId },
  { requestAttempts: 1, retryOnConnectionError: false },
);
const auth = await client.auth.getAccessToken();
const context = await client.rest.get('/platform/v1/tokenContext');
const viaFetch = await fetch(`${auth.rest_instance_url}platform/v1/tokenContext`, {
  headers: { authorization: `Bearer ${auth.access_token}` },
});
process.stdout.write(
  JSON.stringify({
    restInstanceUrl: auth.rest_instance_url,
    organizationId: context.organization.id,
    fetchStatus: viaFetch.status,
    fetchHsts: viaFetch.headers.get('strict-transport-security'),
  }),
);
