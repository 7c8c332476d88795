/**
 * Server-to-server integration: a client id, a secret and the auth base URI in; token requests,
 * caching, refresh before expiry and the 401 retry are handled by the SDK.
 *
 * Run it from the repository root (`npm run build` compiles the examples to packages/client/dist/examples/):
 *
 *   MC_AUTH_BASE_URI=https://{tssd}.auth.marketingcloudapis.com/ MC_CLIENT_ID=… MC_CLIENT_SECRET=… MC_ACCOUNT_ID=123456 node packages/client/dist/examples/server-to-server.js
 */
import { argv, env } from 'node:process';
import { pathToFileURL } from 'node:url';
import { createRestClient, createTokenProvider, PackgateClientError } from '@packgate/client';

/** What a server-to-server integration is configured with. */
export interface ServerToServerSettings {
  authBaseUri: string;
  clientId: string;
  clientSecret: string;
  accountId?: number;
}

/** Reads the token context and the MID of the business unit the token is for. */
export async function readTokenContext(settings: ServerToServerSettings) {
  const provider = createTokenProvider({
    authBaseUri: settings.authBaseUri, // https://{tssd}.auth.marketingcloudapis.com/ or Packgate's {auth}
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    accountId: settings.accountId, // MID of the business unit; omitted = the package's own BU
  });
  const rest = createRestClient({ tokenSource: provider });
  try {
    // One token request, shared by concurrent calls and reused until shortly before it expires.
    const context = await rest.request<{ organization: { id: number } }>('platform/v1/tokenContext');
    const { accessToken, expiresAt, restInstanceUrl } = await provider.getToken();
    return { mid: context.organization.id, tokenLength: accessToken.length, expiresAt, restInstanceUrl };
  } catch (error) {
    if (error instanceof PackgateClientError) {
      // Stable code, the likely cause, and never a secret or token in the message.
      console.error(`${error.code}: ${error.message}\nhint: ${error.hint}`);
    }
    throw error;
  }
}

if (argv[1] !== undefined && import.meta.url === pathToFileURL(argv[1]).href) {
  const result = await readTokenContext({
    authBaseUri: env.MC_AUTH_BASE_URI ?? '',
    clientId: env.MC_CLIENT_ID ?? '',
    clientSecret: env.MC_CLIENT_SECRET ?? '',
    accountId: env.MC_ACCOUNT_ID === undefined ? undefined : Number(env.MC_ACCOUNT_ID),
  });
  console.log(JSON.stringify(result));
}
