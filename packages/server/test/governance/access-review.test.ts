import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';
import { createBusinessUnit, createServerToServer, manualClock } from '../support/fixtures.js';
import { post } from '../support/oauth-assertions.js';

const DAY_S = 86_400;

/** Issue 14 part 4: the access review per package, from usage counted in memory. */
describe.each(BACKENDS)('access review on $name', (backend) => {
  const clock = manualClock();
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ ...backend.serverOptions(), now: clock.now });
  });
  afterAll(async () => {
    await s?.close();
    await backend.cleanup();
  });

  it('granted vs used scopes, BUs enabled vs BUs with tokens, tokens per day; idle and old-secret flags later', async () => {
    const c = await createServerToServer(s, { scopes: ['data_extensions_read', 'email_read'] });
    const second = await createBusinessUnit(s, 'Second BU');
    const access = `/tenants/${s.subdomain}/packages/${c.packageId}/integration/access`;
    expect((await s.admin('PUT', access, { mids: [c.mid, second] })).status).toBe(200);
    const tokens = [];
    for (let i = 0; i < 3; i++) {
      const res = await post(`${s.authBaseUri}v2/token`, {
        grant_type: 'client_credentials',
        client_id: c.clientId,
        client_secret: c.clientSecret,
      });
      expect(res.status).toBe(200);
      tokens.push(res.body.access_token as string);
    }
    const read = await fetch(`${s.restBaseUri}data/v1/customobjectdata/key/nope/rowset`, {
      headers: { authorization: `Bearer ${tokens[0]}` },
    });
    expect(read.status).not.toBe(401);

    const review = await s.admin('GET', `/tenants/${s.subdomain}/access-review`);
    expect(review.status).toBe(200);
    const item = review.body.items.find((i: { packageId: string }) => i.packageId === c.packageId);
    expect(item).toMatchObject({
      packageName: 'S2S test',
      clientId: c.clientId,
      integrationType: 'server-to-server',
      grantedScopes: ['email_read', 'data_extensions_read'],
      scopeUsage: { data_extensions_read: 1 },
      unusedScopes: ['email_read'],
      businessUnitsEnabled: [c.mid, second].sort((a, b) => a - b),
      businessUnitsWithTokens: [c.mid],
      businessUnitsNeverUsed: [second],
      secretAgeDays: 0,
      lastTokenAt: new Date(clock.now()).toISOString(),
      tokensInWindow: 3,
      tokensPerDay: 0.1,
      flags: ['unused_scopes', 'business_units_never_used'],
    });

    clock.advanceSeconds(151 * DAY_S);
    const later = await s.admin('GET', `/tenants/${s.subdomain}/access-review?days=7`);
    const old = later.body.items.find((i: { packageId: string }) => i.packageId === c.packageId);
    expect(old.tokensInWindow).toBe(0);
    expect(old.secretAgeDays).toBe(151);
    expect(old.flags).toEqual(
      expect.arrayContaining(['idle_90_days', 'secret_older_than_150_days', 'unused_scopes']),
    );
  });

  it('bad input: days outside 1–399 or not a number → 400; unknown tenant → 404', async () => {
    for (const days of ['0', '400', 'abc', '-1', '']) {
      expect((await s.admin('GET', `/tenants/${s.subdomain}/access-review?days=${days}`)).status, days).toBe(
        400,
      );
    }
    expect((await s.admin('GET', '/tenants/mcnosuch/access-review')).status).toBe(404);
  });
});
