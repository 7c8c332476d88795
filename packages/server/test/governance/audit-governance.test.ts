import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';
import { createServerToServer, manualClock } from '../support/fixtures.js';
import { memoryLogger } from '../support/memory-logger.js';
import { post } from '../support/oauth-assertions.js';

/** Issue 14 part 5: audit filters and paging, failed client-auth bursts, before/after, no secret anywhere. */
describe.each(BACKENDS)('audit for credential governance on $name', (backend) => {
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
  const audit = (query: string) => s.admin('GET', `/tenants/${s.subdomain}/audit-events?${query}`);

  it('filters by action, target, actor and time range, with cursor paging', async () => {
    const c = await createServerToServer(s, { scopes: [] });
    const secrets = `/tenants/${s.subdomain}/packages/${c.packageId}/integration/secrets`;
    const from = new Date(clock.now()).toISOString();
    for (let i = 0; i < 5; i++) {
      clock.advanceSeconds(10);
      expect((await s.admin('POST', secrets, { description: `try ${i}` })).status).toBe(201);
    }
    const staged = await audit(`action=client_secret.staged&target=${c.clientId}`);
    expect(staged.body.items).toHaveLength(5);
    expect(
      staged.body.items.every((e: { action: string; target: string }) => e.action === 'client_secret.staged'),
    ).toBe(true);
    expect(staged.body.items[0].details).toMatchObject({
      description: 'try 4',
      before: { stagedSecretId: expect.any(String) },
    });

    const pages: number[][] = [];
    let cursor: string | undefined;
    do {
      const page = await audit(`target=${c.clientId}&limit=2${cursor ? `&before=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      pages.push(page.body.items.map((e: { id: number }) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const ids = pages.flat();
    expect(ids).toHaveLength(6); // integration.created + 5 staged
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    expect(new Set(ids).size).toBe(6);

    const window = await audit(
      `target=${c.clientId}&since=${encodeURIComponent(new Date(Date.parse(from) + 25_000).toISOString())}&until=${encodeURIComponent(new Date(Date.parse(from) + 45_000).toISOString())}`,
    );
    expect(window.body.items.map((e: { details: { description: string } }) => e.details.description)).toEqual(
      ['try 3', 'try 2'],
    );
    expect((await audit('actor=nobody')).body.items).toEqual([]);
    expect((await audit(`actor=operator&target=${c.clientId}`)).body.items).toHaveLength(6);
    expect((await s.admin('GET', `/audit-events?action=tenant.deleted&since=2020-01-01`)).status).toBe(200);
  });

  it('change events carry before/after of what they changed', async () => {
    const c = await createServerToServer(s, { scopes: ['email_read'] });
    const base = `/tenants/${s.subdomain}/packages/${c.packageId}`;
    expect(
      (await s.admin('PATCH', `${base}/integration`, { scopes: ['email_read', 'sms_read'] })).status,
    ).toBe(200);
    expect((await s.admin('PUT', `${base}/integration/access`, { all: true })).status).toBe(200);
    expect((await s.admin('PATCH', base, { name: 'Renamed' })).status).toBe(200);
    const [updated] = (await audit(`action=integration.updated&target=${c.clientId}`)).body.items;
    expect(updated.details).toMatchObject({
      before: { scopes: ['email_read'] },
      after: { scopes: ['email_read', 'sms_read'] },
    });
    const [access] = (await audit(`action=integration.access_changed&target=${c.clientId}`)).body.items;
    expect(access.details).toMatchObject({
      before: { accessAll: false },
      after: { accessAll: true, accessMids: [] },
    });
    const [renamed] = (await audit(`action=package.updated&target=${c.packageId}`)).body.items;
    expect(renamed.details).toMatchObject({ before: { name: 'S2S test' }, after: { name: 'Renamed' } });
  });

  it('bad input: a time that is not ISO 8601, an unknown filter, an empty filter → 400', async () => {
    for (const q of ['since=yesterday', 'until=2026-13-45T99', 'colour=red', 'action=', 'before=abc']) {
      const res = await audit(q);
      expect(res.status, q).toBe(400);
      expect(res.body.error).toBe('bad_request');
    }
  });

  it('failed client authentications are audited as one event per burst, with the source IP', async () => {
    const c = await createServerToServer(s, { scopes: [] });
    const tokenUrl = `${s.authBaseUri}v2/token`;
    for (let i = 0; i < 7; i++) {
      const res = await post(tokenUrl, {
        grant_type: 'client_credentials',
        client_id: c.clientId,
        client_secret: 'wrong',
      });
      expect(res.status).toBe(401);
      clock.advanceSeconds(5);
    }
    await s.server.ctx.authFailures.sweep();
    expect((await audit(`action=client_auth.failed_burst&target=${c.clientId}`)).body.items).toEqual([]); // burst still going
    clock.advanceSeconds(60);
    await s.server.ctx.authFailures.sweep();
    const bursts = (await audit(`action=client_auth.failed_burst&target=${c.clientId}`)).body.items;
    expect(bursts).toHaveLength(1);
    expect(bursts[0]).toMatchObject({
      actor: `client:${c.clientId}`,
      sourceIp: expect.stringMatching(/127\.0\.0\.1/),
      details: { failures: 7, sourceIps: [expect.stringMatching(/127\.0\.0\.1/)] },
    });
    // unknown client ids are not tracked (they cannot grow the audit trail)
    await post(tokenUrl, { grant_type: 'client_credentials', client_id: 'nosuchclient', client_secret: 'x' });
    clock.advanceSeconds(61);
    expect(await s.server.ctx.authFailures.sweep()).toBe(0);
  });

  it('after a full rotation and revocation cycle no audit event, log line or API answer holds a secret value', async () => {
    const c = await createServerToServer(s, { scopes: ['data_extensions_read'] });
    const base = `/tenants/${s.subdomain}/packages/${c.packageId}`;
    const secrets = `${base}/integration/secrets`;
    const values = [c.clientSecret];
    const tokenUrl = `${s.authBaseUri}v2/token`;
    const staged = await s.admin('POST', secrets, { description: 'cycle' });
    values.push(staged.body.clientSecret);
    await s.admin('POST', `${secrets}/${staged.body.secretId}/activate`, { grace: '1h' });
    await post(tokenUrl, {
      grant_type: 'client_credentials',
      client_id: c.clientId,
      client_secret: c.clientSecret,
    });
    await post(tokenUrl, {
      grant_type: 'client_credentials',
      client_id: c.clientId,
      client_secret: staged.body.clientSecret,
    });
    const leaked = await s.admin('POST', secrets, { description: 'leaked' });
    values.push(leaked.body.clientSecret);
    await post(
      tokenUrl,
      `grant_type=client_credentials&client_id=${c.clientId}&client_secret=${leaked.body.clientSecret}`,
    );
    await s.admin('POST', `${secrets}/${leaked.body.secretId}/revoke`);
    await post(tokenUrl, {
      grant_type: 'client_credentials',
      client_id: c.clientId,
      client_secret: leaked.body.clientSecret,
    });
    clock.advanceSeconds(61);
    await s.server.ctx.authFailures.sweep();
    await s.server.ctx.usage.flush();

    const answers = await Promise.all(
      [
        `/tenants/${s.subdomain}/audit-events?limit=500`,
        '/audit-events?limit=500',
        `${base}/integration`,
        secrets,
        `/tenants/${s.subdomain}/expiring-secrets?within=3650d`,
        '/expiring-secrets?within=3650d',
        `/tenants/${s.subdomain}/access-review`,
      ].map(async (path) => JSON.stringify((await s.admin('GET', path)).body)),
    );
    const haystacks = [...answers, logs.text()];
    for (const value of values) {
      for (const text of haystacks) {
        expect(text).not.toContain(value);
        expect(text).not.toContain(value.slice(5, 40)); // nor a recognisable part of it
      }
    }
    expect(answers[0]).toContain('client_secret.revoked');
  });
});
