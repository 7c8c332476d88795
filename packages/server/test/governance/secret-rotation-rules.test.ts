import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';
import { createServerToServer, manualClock } from '../support/fixtures.js';
import { memoryLogger } from '../support/memory-logger.js';
import { expectOAuthError, post } from '../support/oauth-assertions.js';

/** Marketing Cloud's "Rotate an OAuth 2.0 secret" rules (sfmc-auth.md §8), issue 14 part 1. */
describe.each(BACKENDS)(
  'secret rotation rules with PACKGATE_SECRET_ROTATION_INTERVAL_SECONDS=300 on $name',
  (backend) => {
    const clock = manualClock();
    const logs = memoryLogger();
    let s: TestServer;
    let tokenUrl: string;
    beforeAll(async () => {
      s = await startTestServer({
        ...backend.serverOptions(),
        now: clock.now,
        logger: logs.logger,
        settings: { secretRotationIntervalSeconds: '300' },
      });
      tokenUrl = `${s.authBaseUri}v2/token`;
    });
    afterAll(async () => {
      await s?.close();
      await backend.cleanup();
    });

    const newIntegration = async () => {
      const created = await createServerToServer(s, { scopes: ['data_extensions_read'] });
      return {
        ...created,
        secrets: `/tenants/${s.subdomain}/packages/${created.packageId}/integration/secrets`,
      };
    };
    const token = (clientId: string, clientSecret: string) =>
      post(tokenUrl, { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });

    it('a staged secret has a description and works, and can be activated, only 5 minutes after Generate', async () => {
      const c = await newIntegration();
      const staged = await s.admin('POST', c.secrets, { description: 'Q4 rotation' });
      expect(staged.status).toBe(201);
      expect(staged.body).toMatchObject({ state: 'staged', description: 'Q4 rotation', activatedAt: null });
      expect(Date.parse(staged.body.usableAt) - clock.now()).toBe(300_000);
      expectOAuthError(
        await token(c.clientId, staged.body.clientSecret),
        'invalid_client',
        401,
        /becomes usable at/,
      );
      const early = await s.admin('POST', `${c.secrets}/${staged.body.secretId}/activate`);
      expect(early.status).toBe(409);
      expect(early.body.message).toMatch(/becomes usable at/);
      clock.advanceSeconds(300);
      expect((await token(c.clientId, staged.body.clientSecret)).status).toBe(200);
      expect((await token(c.clientId, c.clientSecret)).status).toBe(200);
      expect((await s.admin('POST', `${c.secrets}/${staged.body.secretId}/activate`)).status).toBe(200);
      expectOAuthError(await token(c.clientId, c.clientSecret), 'invalid_client', 401);
    });

    it('a second Generate inside 5 minutes → 429 with Retry-After; after 5 minutes it replaces the unactivated staged secret', async () => {
      const c = await newIntegration();
      const first = await s.admin('POST', c.secrets);
      expect(first.status).toBe(201);
      clock.advanceSeconds(299);
      const second = await s.admin('POST', c.secrets);
      expect(second.status).toBe(429);
      expect(second.body).toMatchObject({ error: 'too_many_requests' });
      expect(second.body.message).toMatch(/One Generate per integration every 300 seconds/);
      clock.advanceSeconds(1);
      const third = await s.admin('POST', c.secrets);
      expect(third.status).toBe(201);
      const states = (await s.admin('GET', c.secrets)).body.items.map(
        (i: { secretId: string; state: string }) => [i.secretId, i.state],
      );
      expect(states).toEqual([
        [expect.any(String), 'active'],
        [first.body.secretId, 'retired'],
        [third.body.secretId, 'staged'],
      ]);
      clock.advanceSeconds(300);
      expectOAuthError(await token(c.clientId, first.body.clientSecret), 'invalid_client', 401);
      expect((await token(c.clientId, third.body.clientSecret)).status).toBe(200);
    });

    it('one Activate per 5 minutes; an operator may force Generate and Activate, and the audit says so', async () => {
      const c = await newIntegration();
      const a = await s.admin('POST', c.secrets);
      clock.advanceSeconds(300);
      expect((await s.admin('POST', `${c.secrets}/${a.body.secretId}/activate`)).status).toBe(200);
      const b = await s.admin('POST', c.secrets, { force: true });
      expect(b.status).toBe(201);
      expect(b.body.usableAt).toBe(new Date(clock.now()).toISOString()); // forced: no wait
      const refused = await s.admin('POST', `${c.secrets}/${b.body.secretId}/activate`);
      expect(refused.status).toBe(429);
      expect(refused.body.message).toMatch(/One Activate/);
      expect(
        (await s.admin('POST', `${c.secrets}/${b.body.secretId}/activate`, { force: true })).status,
      ).toBe(200);
      expect((await token(c.clientId, b.body.clientSecret)).status).toBe(200);
      const audit = await s.admin('GET', `/tenants/${s.subdomain}/audit-events?limit=20`);
      const forced = audit.body.items.filter(
        (e: { target: string; details: { forced?: boolean } }) => e.target === c.clientId && e.details.forced,
      );
      expect(forced.map((e: { action: string }) => e.action).sort()).toEqual([
        'client_secret.rotated',
        'client_secret.staged',
      ]);
    });

    it('activating with a grace period keeps the retired secret working, each use logged and counted; after it, invalid_client', async () => {
      const c = await newIntegration();
      const staged = await s.admin('POST', c.secrets, { force: true });
      const activated = await s.admin('POST', `${c.secrets}/${staged.body.secretId}/activate`, {
        grace: '1h',
        force: true,
      });
      expect(activated.status).toBe(200);
      const listed = (await s.admin('GET', c.secrets)).body.items;
      const retired = listed.find((i: { state: string }) => i.state === 'retired');
      expect(retired.graceEndsAt).toBe(new Date(clock.now() + 3_600_000).toISOString());
      expect((await token(c.clientId, c.clientSecret)).status).toBe(200);
      expect((await token(c.clientId, c.clientSecret)).status).toBe(200);
      const uses = logs
        .text()
        .split('\n')
        .filter((l) => l.includes('client_secret.retired_used') && l.includes(c.clientId));
      expect(uses).toHaveLength(2);
      await s.server.ctx.usage.flush();
      const counted = await s.server.ctx.store.usage.listCounts([c.clientId], 'retired_use.day', 0);
      expect(counted.map((r) => [r.key, r.count])).toEqual([[retired.secretId, 2]]);
      clock.advanceSeconds(3600);
      expectOAuthError(
        await token(c.clientId, c.clientSecret),
        'invalid_client',
        401,
        /retired; its grace period ended/,
      );
      expect((await token(c.clientId, staged.body.clientSecret)).status).toBe(200);
    });

    it('bad input: grace beyond 7 days or not a duration, rotating a public app, activating with nothing staged', async () => {
      const c = await newIntegration();
      const staged = await s.admin('POST', c.secrets, { force: true });
      for (const grace of ['8d', 'soon', '-1h', '']) {
        const res = await s.admin('POST', `${c.secrets}/${staged.body.secretId}/activate`, {
          grace,
          force: true,
        });
        expect(res.status, grace).toBe(400);
        expect(res.body).toMatchObject({ error: 'bad_request', field: 'grace' });
      }
      expect((await s.admin('POST', c.secrets, { description: 1 })).status).toBe(400);
      expect((await s.admin('POST', c.secrets, { colour: 'red' })).status).toBe(400);

      const pkg = await s.admin('POST', `/tenants/${s.subdomain}/packages`, { name: 'public' });
      await s.admin('POST', `/tenants/${s.subdomain}/packages/${pkg.body.id}/integration`, {
        integrationType: 'public-app',
        scopes: [],
        redirectUris: ['https://app.example/cb'],
      });
      const publicSecrets = `/tenants/${s.subdomain}/packages/${pkg.body.id}/integration/secrets`;
      const rotatePublic = await s.admin('POST', publicSecrets);
      expect(rotatePublic.status).toBe(400);
      expect(rotatePublic.body.message).toMatch(/Public-app integrations have no client secret/);

      const fresh = await newIntegration();
      const active = (await s.admin('GET', fresh.secrets)).body.items[0];
      const nothing = await s.admin('POST', `${fresh.secrets}/${active.secretId}/activate`);
      expect(nothing.status).toBe(409);
      expect(nothing.body.message).toMatch(/nothing is staged/);
    });

    it('two activations racing: exactly one wins, the other is 409', async () => {
      const c = await newIntegration();
      const staged = await s.admin('POST', c.secrets, { force: true });
      const url = `${c.secrets}/${staged.body.secretId}/activate`;
      const results = await Promise.all([
        s.admin('POST', url, { force: true }),
        s.admin('POST', url, { force: true }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const states = (await s.admin('GET', c.secrets)).body.items.map((i: { state: string }) => i.state);
      expect(states.sort()).toEqual(['active', 'retired']);
    });

    it('the exact expiry second: a secret stops authenticating at its expiresAt, with the clear description', async () => {
      const c = await newIntegration();
      const active = (await s.admin('GET', c.secrets)).body.items[0];
      const expiresAt = Date.parse(active.expiresAt);
      clock.advanceSeconds((expiresAt - clock.now()) / 1000 - 1);
      expect((await token(c.clientId, c.clientSecret)).status).toBe(200);
      clock.advanceSeconds(1);
      expectOAuthError(
        await token(c.clientId, c.clientSecret),
        'invalid_client',
        401,
        new RegExp(`expired on ${active.expiresAt.replace(/\./g, '\\.')}`),
      );
    });
  },
);
