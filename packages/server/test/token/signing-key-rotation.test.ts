import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { type RunningServer, startServer } from '../../src/start-server.js';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS, POSTGRES_URL } from '../support/backends.js';
import { manualClock } from '../support/fixtures.js';
import { post } from '../support/oauth-assertions.js';

const DAY_SECONDS = 86_400;
const OPERATOR = { actor: 'operator', sourceIp: '127.0.0.1' };
const kidOf = (token: string): string =>
  JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()).kid;

describe.each(BACKENDS)('signing-key rotation on $name', (backend) => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
  });
  afterAll(() => backend.cleanup());

  async function start(settings: Record<string, string>) {
    const clock = manualClock();
    const s = await startTestServer({ ...backend.serverOptions(), now: clock.now, settings });
    servers.push(s);
    const token = async () => {
      const res = await post(`${s.authBaseUri}v2/token`, {
        grant_type: 'client_credentials',
        client_id: s.clientId,
        client_secret: s.clientSecret,
      });
      expect(res.status).toBe(200);
      return res.body.access_token as string;
    };
    const jwks = async () => {
      const res = await fetch(`${s.authBaseUri}.well-known/jwks.json`);
      return { kids: ((await res.json()).keys as { kid: string }[]).map((k) => k.kid), res };
    };
    const tokenContext = (accessToken: string) =>
      fetch(`${s.restBaseUri}platform/v1/tokenContext`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
    return { s, clock, token, jwks, tokenContext };
  }

  it('publishes the next key one propagation period before it signs; the old key verifies until its tokens expire', async () => {
    const { s, clock, token, jwks, tokenContext } = await start({
      propagationSeconds: '300',
      accessTokenTtlSeconds: '1200',
    });
    const first = await token();
    const oldKid = kidOf(first);
    expect((await jwks()).kids).toEqual([oldKid]);

    const rotated = await s.server.ctx.keys.rotate(OPERATOR);
    expect(rotated.created).toBe(true);
    const newKid = rotated.record.kid;
    expect(newKid).not.toBe(oldKid);
    // Published at once, not signing yet.
    const published = await jwks();
    expect(published.kids).toEqual([oldKid, newKid]);
    expect(published.res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(kidOf(await token())).toBe(oldKid);
    // Rotating again while a key waits changes nothing.
    expect(await s.server.ctx.keys.rotate(OPERATOR)).toMatchObject({
      created: false,
      record: { kid: newKid },
    });

    // After one propagation period the new key signs, without a database read per token.
    clock.advanceSeconds(300);
    const listKeys = s.server.ctx.store.keys.listKeys;
    let reads = 0;
    s.server.ctx.store.keys.listKeys = (...args) => {
      reads += 1;
      return listKeys(...args);
    };
    const second = await token();
    expect(kidOf(second)).toBe(newKid);
    expect(kidOf(await token())).toBe(newKid);
    expect(reads).toBe(0);
    s.server.ctx.store.keys.listKeys = listKeys;

    // The token signed by the replaced key still verifies, here and with the published JWKS.
    expect((await tokenContext(first)).status).toBe(200);
    const jwksNow = createLocalJWKSet(await (await fetch(`${s.authBaseUri}.well-known/jwks.json`)).json());
    await expect(jwtVerify(first, jwksNow, { currentDate: new Date(clock.now()) })).resolves.toBeTruthy();
    await expect(jwtVerify(second, jwksNow, { currentDate: new Date(clock.now()) })).resolves.toBeTruthy();

    // One token lifetime plus one propagation period later the old key leaves the JWKS.
    clock.advanceSeconds(1200 + 300 - 1);
    expect((await jwks()).kids).toEqual([oldKid, newKid]);
    clock.advanceSeconds(1);
    expect((await jwks()).kids).toEqual([newKid]);
    expect((await tokenContext(first)).status).toBe(401);
    expect((await tokenContext(second)).status).toBe(401); // its own expiry (TTL 1200 s) passed too
    expect((await tokenContext(await token())).status).toBe(200);

    // The refresh erases the old private key and records what happened.
    await s.server.ctx.keys.refresh();
    const rows = await s.server.ctx.store.keys.listKeys();
    expect(rows.map((r) => [r.kid, r.state, r.privateJwk === ''])).toEqual([
      [oldKid, 'retired', true],
      [newKid, 'active', false],
    ]);
    const events = await s.server.ctx.store.audit.listEvents(null, { limit: 20 });
    expect(
      events.filter((e) => e.action.startsWith('signing_key.')).map((e) => [e.action, e.target]),
    ).toEqual([
      ['signing_key.retired', oldKid],
      ['signing_key.created', newKid],
      ['signing_key.created', oldKid], // the first key, on the first start
    ]);
    expect(events.find((e) => e.action === 'signing_key.created')?.details).toMatchObject({
      generation: 2,
      reason: 'operator',
    });
  });

  it('rotates on schedule (PACKGATE_SIGNING_KEY_ROTATION_DAYS), counted from when the key began signing', async () => {
    const { s, clock, token, jwks } = await start({ propagationSeconds: '60', signingKeyRotationDays: '1' });
    const oldKid = kidOf(await token());
    clock.advanceSeconds(DAY_SECONDS - 61);
    await s.server.ctx.keys.refresh();
    expect((await jwks()).kids).toEqual([oldKid]);
    clock.advanceSeconds(1);
    await s.server.ctx.keys.refresh();
    const { kids } = await jwks();
    expect(kids).toHaveLength(2);
    const newKid = kids[1];
    expect(kidOf(await token())).toBe(oldKid);
    clock.advanceSeconds(60);
    expect(kidOf(await token())).toBe(newKid);
    const events = await s.server.ctx.store.audit.listEvents(null, { limit: 5 });
    expect(events[0]).toMatchObject({
      action: 'signing_key.created',
      actor: 'system:key-rotation',
      target: newKid,
      details: { reason: 'scheduled', generation: 2 },
    });
  });

  it('with rotation at 0 days keys change only when the operator rotates; propagation 0 switches at once', async () => {
    const { s, clock, token, jwks } = await start({
      signingKeyRotationDays: '0',
      secretTtlSeconds: '315360000',
    });
    const oldKid = kidOf(await token());
    clock.advanceSeconds(3000 * DAY_SECONDS);
    await s.server.ctx.keys.refresh();
    expect((await jwks()).kids).toEqual([oldKid]);
    const rotated = await s.server.ctx.keys.rotate(OPERATOR);
    expect(kidOf(await token())).toBe(rotated.record.kid);
    const published = await jwks();
    expect(published.kids).toEqual([oldKid, rotated.record.kid]);
    expect(published.res.headers.get('cache-control')).toBe('public, max-age=0');
  });
});

const postgres = BACKENDS.some((b) => b.name === 'postgres');

describe.runIf(postgres)('signing-key rotation with two instances on one PostgreSQL schema', () => {
  const schema = `packgate_keys_${randomBytes(5).toString('hex')}`;
  const dirs: string[] = [];
  const servers: RunningServer[] = [];
  const clock = manualClock();

  async function instance(settings: Record<string, string>) {
    const dataDir = mkdtempSync(join(tmpdir(), 'packgate-keys-'));
    dirs.push(dataDir);
    const config = parseConfig({
      port: '0',
      dataDir,
      logLevel: 'silent',
      databaseUrl: POSTGRES_URL,
      adminKey: 'k'.repeat(40),
      // Behind one load balancer: the same issuer on both, so each accepts the other's tokens.
      publicUrl: 'http://127.0.0.1:1',
      ...settings,
    });
    const server = await startServer(config, { demo: true, clock, database: { postgresSchema: schema } });
    servers.push(server);
    return server;
  }

  afterAll(async () => {
    for (const s of servers) await s.close();
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("exactly one instance creates each key; both switch to it at the same time and verify each other's tokens", async () => {
    const settings = { propagationSeconds: '300', signingKeyRotationDays: '30' };
    const a = await instance(settings);
    const b = await instance(settings);
    const demo = a.report.demo;
    if (!demo) throw new Error('no demo');
    const sub = a.report.tenant.subdomain;
    const token = async (s: RunningServer) => {
      const res = await post(`${s.url}/${sub}/auth/v2/token`, {
        grant_type: 'client_credentials',
        client_id: demo.clientId,
        client_secret: demo.clientSecret,
      });
      expect(res.status).toBe(200);
      return res.body.access_token as string;
    };
    const tokenContext = (s: RunningServer, accessToken: string) =>
      fetch(`${s.url}/${sub}/rest/platform/v1/tokenContext`, {
        headers: { authorization: `Bearer ${accessToken}` },
      }).then((r) => r.status);
    const keyRows = () => a.ctx.store.keys.listKeys();
    expect(await keyRows()).toHaveLength(1); // the second start found the first key
    const oldKid = kidOf(await token(a));
    expect(kidOf(await token(b))).toBe(oldKid);

    // The schedule falls due on both at once: both try, one inserts.
    clock.advanceSeconds(30 * DAY_SECONDS - 300);
    await Promise.all([a.ctx.keys.refresh(), b.ctx.keys.refresh()]);
    const rows = await keyRows();
    expect(rows.map((r) => r.generation)).toEqual([1, 2]);
    const scheduledKid = rows[1]?.kid;
    expect(a.ctx.keys.jwks().keys.map((k) => k.kid)).toEqual([oldKid, scheduledKid]);
    expect(b.ctx.keys.jwks().keys.map((k) => k.kid)).toEqual([oldKid, scheduledKid]);

    clock.advanceSeconds(300);
    const fromA = await token(a);
    const fromB = await token(b);
    expect([kidOf(fromA), kidOf(fromB)]).toEqual([scheduledKid, scheduledKid]);
    expect([await tokenContext(b, fromA), await tokenContext(a, fromB)]).toEqual([200, 200]);

    // The operator rotates on both instances at the same moment: one key, both answers name it.
    const [ra, rb] = await Promise.all([a.ctx.keys.rotate(OPERATOR), b.ctx.keys.rotate(OPERATOR)]);
    expect(ra.record.kid).toBe(rb.record.kid);
    expect([ra.created, rb.created].sort()).toEqual([false, true]);
    expect((await keyRows()).map((r) => r.generation)).toEqual([1, 2, 3]);
    const created = (await a.ctx.store.audit.listEvents(null, { limit: 50 })).filter(
      (e) => e.action === 'signing_key.created',
    );
    expect(created.map((e) => e.details.generation)).toEqual([3, 2, 1]);

    // A refresh on B (its timer, here called directly) brings every key A knows.
    await b.ctx.keys.refresh();
    expect(b.ctx.keys.jwks().keys.map((k) => k.kid)).toEqual(a.ctx.keys.jwks().keys.map((k) => k.kid));
  });

  it('with propagation 0 a key another instance just created verifies at once (the unknown kid reloads the keys, at most once a second)', async () => {
    const settings = { propagationSeconds: '0', signingKeyRotationDays: '0' };
    const a = await instance(settings);
    const b = await instance(settings);
    const sub = a.report.tenant.subdomain;
    // The demo package was created by the first test's first instance.
    const creds = servers[0]?.report.demo;
    if (!creds) throw new Error('no demo');
    clock.advanceSeconds(300); // the next key of the first test now signs; none waits
    const rotated = await a.ctx.keys.rotate(OPERATOR);
    expect(rotated.created).toBe(true);
    const res = await post(`${a.url}/${sub}/auth/v2/token`, {
      grant_type: 'client_credentials',
      client_id: creds.clientId,
      client_secret: creds.clientSecret,
    });
    expect(kidOf(res.body.access_token)).toBe(rotated.record.kid);
    expect(b.ctx.keys.jwks().keys.map((k) => k.kid)).not.toContain(rotated.record.kid); // B has not refreshed
    const status = await fetch(`${b.url}/${sub}/rest/platform/v1/tokenContext`, {
      headers: { authorization: `Bearer ${res.body.access_token}` },
    }).then((r) => r.status);
    expect(status).toBe(200);
    expect(b.ctx.keys.jwks().keys.map((k) => k.kid)).toContain(rotated.record.kid);

    // A token naming a key nobody has: 401, and within the same second no further reload.
    const listKeys = b.ctx.store.keys.listKeys;
    let reads = 0;
    b.ctx.store.keys.listKeys = (...args) => {
      reads += 1;
      return listKeys(...args);
    };
    const [header, payload, signature] = (res.body.access_token as string).split('.');
    const forged = `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(header ?? '', 'base64url').toString()), kid: 'nokey1' })).toString('base64url')}.${payload}.${signature}`;
    for (let i = 0; i < 3; i++) {
      const r = await fetch(`${b.url}/${sub}/rest/platform/v1/tokenContext`, {
        headers: { authorization: `Bearer ${forged}x${i}` },
      });
      expect(r.status).toBe(401);
    }
    expect(reads).toBeLessThanOrEqual(2); // one refresh reads the keys at most twice
    b.ctx.store.keys.listKeys = listKeys;
  });
});
