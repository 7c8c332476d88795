import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';
import { manualClock } from '../support/fixtures.js';
import { post } from '../support/oauth-assertions.js';

describe.each(BACKENDS)(
  'PACKGATE_ACCESS_TOKEN_TTL_SECONDS: expires_in = TTL − 121, at least 1 (PRODUCT.md §6) on $name',
  (backend) => {
    const clock = manualClock();
    const servers: TestServer[] = [];
    beforeAll(async () => {
      for (const ttl of ['600', '60']) {
        servers.push(
          await startTestServer({
            ...backend.serverOptions(),
            now: clock.now,
            settings: { accessTokenTtlSeconds: ttl },
          }),
        );
      }
    });
    afterAll(async () => {
      for (const s of servers) await s.close();
      await backend.cleanup();
    });

    it.each([
      [0, 600, 479],
      [1, 60, 1],
    ])('server %i: a %i-second token reports expires_in %i and expires then', async (i, ttl, expiresIn) => {
      const s = servers[i] as TestServer;
      const res = await post(`${s.authBaseUri}v2/token`, {
        grant_type: 'client_credentials',
        client_id: s.clientId,
        client_secret: s.clientSecret,
      });
      expect(res.status).toBe(200);
      expect(res.body.expires_in).toBe(expiresIn);
      const jwks = createLocalJWKSet(await (await fetch(`${s.authBaseUri}.well-known/jwks.json`)).json());
      const at = (seconds: number) => ({ currentDate: new Date(clock.now() + seconds * 1000) });
      const { payload } = await jwtVerify(res.body.access_token, jwks, at(0));
      expect((payload.exp as number) - (payload.iat as number)).toBe(ttl);
      await expect(jwtVerify(res.body.access_token, jwks, at(ttl + 1))).rejects.toThrow(/exp/);
    });
  },
);
