import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/src/testing.js';
import { createRestClient, createTokenProvider } from '../src/index.js';

describe('the request journal shows what an integration asked for (issue 10 part 7)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('a cached token provider asked in a loop makes exactly one token request', async () => {
    await server.admin('DELETE', `/tenants/${server.subdomain}/journal`);
    const provider = createTokenProvider({
      authBaseUri: server.authBaseUri,
      clientId: server.clientId,
      clientSecret: server.clientSecret,
    });
    const rest = createRestClient({ tokenSource: provider });
    for (let i = 0; i < 50; i++) {
      await provider.getToken();
      await rest.request('platform/v1/tokenContext');
    }
    const journal = await server.admin('GET', `/tenants/${server.subdomain}/journal?limit=1000`);
    const tokenRequests = journal.body.items.filter((e: { path: string }) =>
      e.path.endsWith('/auth/v2/token'),
    );
    expect(tokenRequests).toHaveLength(1);
    expect(tokenRequests[0]).toMatchObject({
      status: 200,
      grant: 'client_credentials',
      clientId: server.clientId,
    });
    expect(journal.body.items.filter((e: { path: string }) => e.path.includes('/rest/'))).toHaveLength(50);
  });
});
