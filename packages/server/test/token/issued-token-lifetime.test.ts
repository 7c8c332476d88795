import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';
import { createBusinessUnit, manualClock } from '../support/fixtures.js';
import { post } from '../support/oauth-assertions.js';

describe.each(BACKENDS)(
  'issued access tokens stay valid until expiry unless revoked (PRODUCT.md §4) on $name',
  (backend) => {
    const clock = manualClock();
    let s: TestServer;
    beforeAll(async () => {
      s = await startTestServer({ ...backend.serverOptions(), now: clock.now });
    });
    afterAll(async () => {
      await s?.close();
      await backend.cleanup();
    });

    const tokenContext = (token: string) =>
      fetch(`${s.restBaseUri}platform/v1/tokenContext`, { headers: { authorization: `Bearer ${token}` } });

    it('a token outlives secret rotation, a scope change and a BU access change; it ends at exp', async () => {
      const issued = await post(`${s.authBaseUri}v2/token`, {
        grant_type: 'client_credentials',
        client_id: s.clientId,
        client_secret: s.clientSecret,
      });
      expect(issued.status).toBe(200);
      const token = issued.body.access_token as string;
      expect((await tokenContext(token)).status).toBe(200);

      const integration = `/tenants/${s.subdomain}/packages/${s.packageId}/integration`;
      const staged = await s.admin('POST', `${integration}/secrets`);
      expect((await s.admin('POST', `${integration}/secrets/${staged.body.secretId}/activate`)).status).toBe(
        200,
      );
      expect((await s.admin('PATCH', integration, { scopes: ['email_read'] })).status).toBe(200);
      const mid = await createBusinessUnit(s, 'Elsewhere');
      expect((await s.admin('PUT', `${integration}/access`, { mids: [mid] })).status).toBe(200);

      const after = await tokenContext(token);
      expect(after.status).toBe(200);
      expect(await after.json()).toMatchObject({ organization: { id: s.eid } });

      clock.advanceSeconds(1200);
      expect((await tokenContext(token)).status).toBe(401);
    });
  },
);
