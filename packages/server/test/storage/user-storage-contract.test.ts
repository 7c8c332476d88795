import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '../../src/storage/records.js';
import { openStore, type Store } from '../../src/storage/store.js';
import type { TokenFamily, User } from '../../src/storage/user-records.js';
import { BACKENDS, POSTGRES_URL } from '../support/backends.js';

/** The user-context part of the storage contract (users, sessions, codes, token families). */
describe.each(BACKENDS.map((b) => b.name))('user storage contract on %s', (name) => {
  let store: Store;
  const dataDir = mkdtempSync(join(tmpdir(), 'packgate-user-contract-'));
  const schema = `packgate_ucontract_${randomBytes(5).toString('hex')}`;
  const now = 1_790_000_000_000;
  const eid = 20_000_000 + Math.floor(Math.random() * 1_000_000);
  const clientId = randomBytes(12).toString('hex');
  const tenant: Tenant = {
    id: randomUUID(),
    subdomain: `mc${randomBytes(13).toString('hex')}`,
    eid,
    name: 'T',
    createdAt: now,
  };
  const user: User = {
    id: eid + 1,
    tenantId: tenant.id,
    username: 'Ada',
    email: null,
    administerPackages: true,
    businessUnits: [{ mid: eid, permissions: ['email_read', 'data_extensions_read'] }],
    createdAt: now,
    updatedAt: now,
  };
  const family = (overrides: Partial<TokenFamily> = {}): TokenFamily => ({
    id: randomUUID(),
    tenantId: tenant.id,
    clientId,
    userId: user.id,
    sessionHash: null,
    scopes: ['email_read'],
    offline: false,
    createdAt: now,
    revokedAt: null,
    ...overrides,
  });
  const hash = () => randomBytes(32).toString('hex');

  beforeAll(async () => {
    store =
      name === 'postgres'
        ? await openStore({ databaseUrl: POSTGRES_URL, postgresSchema: schema })
        : await openStore({ dataDir });
    await store.tenants.insertTenant(tenant);
    await store.tenants.insertBusinessUnit({
      mid: eid,
      tenantId: tenant.id,
      name: 'Top',
      parentMid: null,
      createdAt: now,
    });
    await store.packages.insertPackage({
      id: randomUUID(),
      tenantId: tenant.id,
      name: 'p',
      description: '',
      mid: eid,
      createdAt: now,
      updatedAt: now,
    });
    const pkg = (await store.packages.listPackages(tenant.id, { limit: 1 }))[0];
    await store.packages.insertIntegration({
      packageId: pkg?.id ?? '',
      tenantId: tenant.id,
      clientId,
      integrationType: 'web-app',
      scopes: ['email_read'],
      redirectUris: ['https://a.example/cb'],
      accessAll: false,
      accessMids: [],
      createdAt: now,
      updatedAt: now,
    });
    await store.users.insertUser(user, 'scrypt$hash');
  });
  afterAll(async () => {
    if (name === 'postgres') await store.db.schema.dropSchema(schema).ifExists().cascade().execute();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('round-trips users with numeric ids; usernames are unique case-insensitively', async () => {
    expect(await store.users.findUser(tenant.id, user.id)).toEqual(user);
    const creds = await store.users.findUserCredentials(tenant.id, 'ADA');
    expect(creds).toEqual({ user, passwordHash: 'scrypt$hash' });
    expect(await store.users.isUsernameTaken(tenant.id, 'ada')).toBe(true);
    await expect(store.users.insertUser({ ...user, id: user.id + 1, username: 'aDA' }, 'x')).rejects.toThrow(
      /store call users.insertUser failed/,
    );
    expect(await store.users.findUserCredentials(randomUUID(), 'Ada')).toBeUndefined();
  });

  it('replaces memberships and licences', async () => {
    await store.users.updateUser(tenant.id, user.id, {
      businessUnits: [{ mid: eid, permissions: [] }],
      updatedAt: now + 1,
    });
    expect((await store.users.findUser(tenant.id, user.id))?.businessUnits).toEqual([
      { mid: eid, permissions: [] },
    ]);
    await store.users.replaceLicenses(clientId, [user.id]);
    expect(await store.users.isLicensed(clientId, user.id)).toBe(true);
    await store.users.replaceLicenses(clientId, []);
    expect(await store.users.listLicensedUserIds(clientId)).toEqual([]);
    await store.users.updateUser(tenant.id, user.id, { businessUnits: user.businessUnits, updatedAt: now });
    // An unknown (or concurrently deleted) user: nothing changes, no membership is written.
    expect(
      await store.users.updateUser(tenant.id, user.id + 7, {
        businessUnits: user.businessUnits,
        updatedAt: now,
      }),
    ).toBe(false);
    expect(await store.users.updateUser(randomUUID(), user.id, { updatedAt: now })).toBe(false);
  });

  it('sessions: live until ended or expired, only in their tenant', async () => {
    const idHash = hash();
    await store.userTokens.insertSession({
      idHash,
      tenantId: tenant.id,
      userId: user.id,
      createdAt: now,
      expiresAt: now + 1000,
      endedAt: null,
    });
    expect((await store.userTokens.findLiveSession(tenant.id, idHash, now))?.userId).toBe(user.id);
    expect(await store.userTokens.findLiveSession(tenant.id, idHash, now + 1000)).toBeUndefined();
    expect(await store.userTokens.findLiveSession(randomUUID(), idHash, now)).toBeUndefined();
    await store.userTokens.endSession(idHash, now);
    expect(await store.userTokens.findLiveSession(tenant.id, idHash, now)).toBeUndefined();
  });

  it('a code is consumed exactly once, even by concurrent requests', async () => {
    const f = family();
    await store.userTokens.insertFamily(f);
    const codeHash = hash();
    await store.userTokens.insertCode({
      codeHash,
      familyId: f.id,
      tenantId: tenant.id,
      clientId,
      userId: user.id,
      mid: eid,
      redirectUri: 'https://a.example/cb',
      scopes: ['email_read'],
      codeChallenge: null,
      createdAt: now,
      expiresAt: now + 300_000,
      usedAt: null,
    });
    const results = await Promise.all(
      Array.from({ length: 6 }, () => store.userTokens.consumeCode(codeHash, now)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await store.userTokens.findCode(codeHash))?.usedAt).toBe(now);
  });

  it('a refresh token rotates exactly once, even inside concurrent transactions', async () => {
    const f = family();
    await store.userTokens.insertFamily(f);
    const tokenHash = hash();
    await store.userTokens.insertRefreshToken({
      tokenHash,
      familyId: f.id,
      mid: eid,
      state: 'active',
      createdAt: now,
      expiresAt: now + 1,
    });
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        store.transaction(
          async (repos) =>
            (await repos.userTokens.lockLiveFamily(f.id)) &&
            repos.userTokens.rotateRefreshToken(tokenHash, { rotatedAt: now, requestHash: 'request-a' }),
        ),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.userTokens.findRefreshToken(tokenHash)).toMatchObject({
      state: 'rotated',
      rotatedAt: now,
      rotatedByRequest: 'request-a',
    });
    // Rotation is once only: a later attempt neither wins nor overwrites who rotated it.
    expect(
      await store.userTokens.rotateRefreshToken(tokenHash, { rotatedAt: now + 1, requestHash: 'b' }),
    ).toBe(false);
    expect((await store.userTokens.findRefreshToken(tokenHash))?.rotatedByRequest).toBe('request-a');
  });

  it('revoking families kills live refresh tokens and returns the unexpired access tokens', async () => {
    const f = family({ sessionHash: 'session-x' });
    const offline = family({ sessionHash: 'session-x', offline: true });
    await store.userTokens.insertFamily(f);
    await store.userTokens.insertFamily(offline);
    const active = hash();
    await store.userTokens.insertRefreshToken({
      tokenHash: active,
      familyId: f.id,
      mid: eid,
      state: 'active',
      createdAt: now,
      expiresAt: now + 5,
    });
    await store.userTokens.recordAccessToken(f.id, 'jti-live', now + 1000);
    await store.userTokens.recordAccessToken(f.id, 'jti-dead', now - 1);
    expect(await store.userTokens.listLiveFamilyIds({ sessionHash: 'session-x', onlineOnly: true })).toEqual([
      f.id,
    ]);
    const revoked = await store.userTokens.revokeFamilies([f.id], now);
    expect(revoked).toEqual([{ jti: 'jti-live', expiresAt: now + 1000 }]);
    expect((await store.userTokens.findRefreshToken(active))?.state).toBe('revoked');
    expect((await store.userTokens.findFamily(f.id))?.revokedAt).toBe(now);
    expect(await store.userTokens.lockLiveFamily(f.id)).toBe(false);
    expect(await store.userTokens.lockLiveFamily(offline.id)).toBe(true);
    // Revoking again changes nothing and lists nothing: the first revocation covered it all.
    expect(await store.userTokens.revokeFamilies([f.id], now + 10)).toEqual([]);
    expect((await store.userTokens.findFamily(f.id))?.revokedAt).toBe(now);
  });

  it('purging deletes what can no longer be used and keeps everything else', async () => {
    const later = now + 40 * 86_400_000;
    const day = 86_400_000;
    const code = (familyId: string, expiresAt: number) => ({
      codeHash: hash(),
      familyId,
      tenantId: tenant.id,
      clientId,
      userId: user.id,
      mid: eid,
      redirectUri: 'https://a.example/cb',
      scopes: ['email_read'],
      codeChallenge: null,
      createdAt: expiresAt - 300_000,
      expiresAt,
      usedAt: null,
    });
    const refresh = (familyId: string, expiresAt: number, state: 'active' | 'rotated' = 'active') => ({
      tokenHash: hash(),
      familyId,
      mid: eid,
      state,
      createdAt: expiresAt - 30 * day,
      expiresAt,
    });
    // A family whose every row expired long ago: gone, rows and all.
    const dead = family({ createdAt: now });
    await store.userTokens.insertFamily(dead);
    const deadCode = code(dead.id, now + 300_000);
    await store.userTokens.insertCode(deadCode);
    const deadRefresh = refresh(dead.id, now + 30 * day, 'rotated');
    await store.userTokens.insertRefreshToken(deadRefresh);
    await store.userTokens.recordAccessToken(dead.id, 'jti-purge-dead', now + 1_200_000);
    // A live family: its rotated-and-expired token and expired access token go, the rest stays.
    const live = family({ createdAt: now, offline: true });
    await store.userTokens.insertFamily(live);
    const oldRotated = refresh(live.id, later - 1, 'rotated');
    const current = refresh(live.id, later + 29 * day);
    await store.userTokens.insertRefreshToken(oldRotated);
    await store.userTokens.insertRefreshToken(current);
    await store.userTokens.recordAccessToken(live.id, 'jti-purge-old', later - 1);
    await store.userTokens.recordAccessToken(live.id, 'jti-purge-new', later + 1_200_000);
    // A code that expired an hour ago: kept (a replay still revokes), and so is its family.
    const recent = family({ createdAt: later - 2 * 3_600_000 });
    await store.userTokens.insertFamily(recent);
    const recentCode = code(recent.id, later - 3_600_000);
    await store.userTokens.insertCode(recentCode);
    // Sessions: expired, ended, live.
    const sessions = { expired: hash(), ended: hash(), live: hash() };
    for (const [kind, idHash] of Object.entries(sessions)) {
      await store.userTokens.insertSession({
        idHash,
        tenantId: tenant.id,
        userId: user.id,
        createdAt: later - 1000,
        expiresAt: kind === 'expired' ? later : later + 1000,
        endedAt: null,
      });
    }
    await store.userTokens.endSession(sessions.ended, later - 1);

    await store.userTokens.purgeExpired(later, day);
    await store.userTokens.purgeExpired(later, day); // idempotent

    expect(await store.userTokens.findFamily(dead.id)).toBeUndefined();
    expect(await store.userTokens.findCode(deadCode.codeHash)).toBeUndefined();
    expect(await store.userTokens.findRefreshToken(deadRefresh.tokenHash)).toBeUndefined();
    expect(await store.userTokens.findFamily(live.id)).toBeDefined();
    expect(await store.userTokens.findRefreshToken(oldRotated.tokenHash)).toBeUndefined();
    expect((await store.userTokens.findRefreshToken(current.tokenHash))?.state).toBe('active');
    expect(await store.userTokens.revokeFamilies([live.id], later)).toEqual([
      { jti: 'jti-purge-new', expiresAt: later + 1_200_000 },
    ]);
    expect(await store.userTokens.findFamily(recent.id)).toBeDefined();
    expect(await store.userTokens.findCode(recentCode.codeHash)).toBeDefined();
    expect(await store.userTokens.findLiveSession(tenant.id, sessions.live, later)).toBeDefined();
    // The revoked live family keeps its rows until they expire too.
    await store.userTokens.purgeExpired(later + 60 * day, day);
    expect(await store.userTokens.findFamily(live.id)).toBeUndefined();
    expect(await store.userTokens.findFamily(recent.id)).toBeUndefined();
  });

  it('deleting a user removes their sessions, families and licences with them', async () => {
    const other: User = { ...user, id: user.id + 7, username: 'temp' };
    await store.users.insertUser(other, 'x');
    const f = family({ userId: other.id });
    await store.userTokens.insertFamily(f);
    await store.users.replaceLicenses(clientId, [other.id]);
    expect(await store.users.deleteUser(tenant.id, other.id)).toBe(true);
    expect(await store.userTokens.findFamily(f.id)).toBeUndefined();
    expect(await store.users.listLicensedUserIds(clientId)).toEqual([]);
  });
});
