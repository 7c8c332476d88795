import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';
import { manualClock } from '../support/fixtures.js';
import { expectOAuthError, post } from '../support/oauth-assertions.js';

describe.each(BACKENDS)(
  'secret rotation with PACKGATE_PROPAGATION_SECONDS=300 (sfmc-auth.md §8) on $name',
  (backend) => {
    const clock = manualClock();
    let s: TestServer;
    let tokenUrl: string;
    beforeAll(async () => {
      s = await startTestServer({
        ...backend.serverOptions(),
        now: clock.now,
        settings: { propagationSeconds: '300' },
      });
      tokenUrl = `${s.authBaseUri}v2/token`;
    });
    afterAll(async () => {
      await s?.close();
      await backend.cleanup();
    });

    it('a staged secret authenticates only after the delay; activating earlier is refused; then the old one stops', async () => {
      const secrets = `/tenants/${s.subdomain}/packages/${s.packageId}/integration/secrets`;
      const staged = await s.admin('POST', secrets);
      expect(staged.status).toBe(201);
      expect(Date.parse(staged.body.usableAt) - clock.now()).toBe(300_000);
      const withOld = {
        grant_type: 'client_credentials',
        client_id: s.clientId,
        client_secret: s.clientSecret,
      };
      const withNew = { ...withOld, client_secret: staged.body.clientSecret };

      expectOAuthError(await post(tokenUrl, withNew), 'invalid_client', 401, /becomes usable at/);
      expect((await post(tokenUrl, withOld)).status).toBe(200);
      const early = await s.admin('POST', `${secrets}/${staged.body.secretId}/activate`);
      expect(early.status).toBe(409);

      clock.advanceSeconds(300);
      expect((await post(tokenUrl, withNew)).status).toBe(200);
      expect((await post(tokenUrl, withOld)).status).toBe(200);
      expect((await s.admin('POST', `${secrets}/${staged.body.secretId}/activate`)).status).toBe(200);
      // activation retires the previous secret at once, without waiting for the delay
      expectOAuthError(await post(tokenUrl, withOld), 'invalid_client', 401);
      expect((await post(tokenUrl, withNew)).status).toBe(200);
    });
  },
);
