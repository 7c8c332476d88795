import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { earliestSecretExpiryPerTenant } from '../../src/setup/secrets/expiring-secrets.js';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';
import { createServerToServer, manualClock } from '../support/fixtures.js';
import { memoryLogger } from '../support/memory-logger.js';

const DAY_S = 86_400;

/** Issue 14 part 3: warnings at 30, 14, 7 and 1 days before a secret expires (injected clock). */
describe.each(BACKENDS)('secret expiry warnings on $name', (backend) => {
  const clock = manualClock();
  const logs = memoryLogger();
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ ...backend.serverOptions(), now: clock.now, logger: logs.logger });
  });
  afterAll(async () => {
    await s?.close();
    await backend.cleanup();
  });

  const warningsLogged = (clientId: string) =>
    logs
      .text()
      .split('\n')
      .filter((l) => l.includes('client_secret.expiry_warning') && l.includes(clientId))
      .map((l) => JSON.parse(l).threshold as string);

  it('secretExpiresAt and expiryWarning on the integration, the expiring-secrets lists, one log event per threshold', async () => {
    const c = await createServerToServer(s, { scopes: [] });
    const integration = `/tenants/${s.subdomain}/packages/${c.packageId}/integration`;
    const fresh = await s.admin('GET', integration);
    const expiresAt = Date.parse(fresh.body.secretExpiresAt);
    expect(expiresAt - clock.now()).toBe(180 * DAY_S * 1000);
    expect(fresh.body.expiryWarning).toBeNull();
    const mine = (items: { clientId: string }[]) => items.filter((i) => i.clientId === c.clientId);
    expect(
      mine((await s.admin('GET', `/tenants/${s.subdomain}/expiring-secrets?within=30d`)).body.items),
    ).toEqual([]);
    expect(await s.server.ctx.expiryWatcher.check()).toEqual([]);

    clock.advanceSeconds(150 * DAY_S);
    expect((await s.admin('GET', integration)).body.expiryWarning).toBe('30d');
    const tenantList = await s.admin('GET', `/tenants/${s.subdomain}/expiring-secrets?within=30d`);
    expect(tenantList.status).toBe(200);
    const secretId = (await s.admin('GET', `${integration}/secrets`)).body.items[0].secretId;
    expect(mine(tenantList.body.items)).toEqual([
      {
        tenant: s.subdomain,
        packageId: c.packageId,
        packageName: 'S2S test',
        clientId: c.clientId,
        secretId,
        state: 'active',
        expiresAt: new Date(expiresAt).toISOString(),
        daysLeft: 30,
        expiryWarning: '30d',
      },
    ]);
    expect(mine((await s.admin('GET', '/expiring-secrets?within=30d')).body.items)).toHaveLength(1);
    expect(mine((await s.admin('GET', '/expiring-secrets?within=29d')).body.items)).toHaveLength(0);
    expect((await s.admin('GET', '/expiring-secrets')).body.items.length).toBeGreaterThan(0); // default 30d

    await s.server.ctx.expiryWatcher.check();
    await s.server.ctx.expiryWatcher.check();
    expect(warningsLogged(c.clientId)).toEqual(['30d']);
    clock.advanceSeconds(16 * DAY_S);
    await s.server.ctx.expiryWatcher.check();
    expect(warningsLogged(c.clientId)).toEqual(['30d', '14d']);
    clock.advanceSeconds(13 * DAY_S); // 7 days skipped while nobody checked: only the tightest is logged
    await s.server.ctx.expiryWatcher.check();
    expect(warningsLogged(c.clientId)).toEqual(['30d', '14d', '1d']);
    expect((await s.admin('GET', integration)).body.expiryWarning).toBe('1d');

    const earliest = await earliestSecretExpiryPerTenant(s.server.ctx.store);
    expect(earliest.get(s.subdomain)).toBeLessThanOrEqual(expiresAt);

    clock.advanceSeconds(DAY_S);
    expect((await s.admin('GET', integration)).body.expiryWarning).toBe('expired');
    await s.server.ctx.expiryWatcher.check();
    expect(warningsLogged(c.clientId)).toEqual(['30d', '14d', '1d', 'expired']);
    expect(logs.text()).not.toContain(c.clientSecret);
  });

  it('bad input: a within that is not a duration → 400 naming within', async () => {
    for (const within of ['soon', '30 days', '-1d', '1w', '99999d', '']) {
      for (const path of [`/tenants/${s.subdomain}/expiring-secrets`, '/expiring-secrets']) {
        const res = await s.admin('GET', `${path}?within=${encodeURIComponent(within)}`);
        expect(res.status, `${path} ${within}`).toBe(400);
        expect(res.body).toMatchObject({ error: 'bad_request' });
      }
    }
    expect((await s.admin('GET', '/tenants/mcnosuchtenant/expiring-secrets')).status).toBe(404);
  });
});
