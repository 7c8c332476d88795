import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/storage/store.js';
import { BACKENDS, POSTGRES_URL } from '../support/backends.js';

/** The storage contract of migration 008 (issue 14), on every backend. */
describe.each(BACKENDS.map((b) => b.name))('credential governance storage contract on %s', (name) => {
  let store: Store;
  const dataDir = mkdtempSync(join(tmpdir(), 'packgate-gov-contract-'));
  const schema = `packgate_govc_${randomBytes(5).toString('hex')}`;
  const now = 1_790_000_000_000;
  const tenantId = randomUUID();
  const clientId = `c${randomBytes(8).toString('hex')}`;

  beforeAll(async () => {
    store =
      name === 'postgres'
        ? await openStore({ databaseUrl: POSTGRES_URL, postgresSchema: schema })
        : await openStore({ dataDir });
    const eid = 20_000_000 + Math.floor(Math.random() * 1000);
    await store.tenants.insertTenant({
      id: tenantId,
      subdomain: `mc${randomBytes(13).toString('hex')}`,
      eid,
      name: 'T',
      createdAt: now,
    });
    await store.tenants.insertBusinessUnit({
      mid: eid,
      tenantId,
      name: 'Top',
      parentMid: null,
      createdAt: now,
    });
    const packageId = randomUUID();
    await store.packages.insertPackage({
      id: packageId,
      tenantId,
      name: 'P',
      description: '',
      mid: eid,
      createdAt: now,
      updatedAt: now,
    });
    await store.packages.insertIntegration({
      packageId,
      tenantId,
      clientId,
      integrationType: 'server-to-server',
      scopes: [],
      redirectUris: [],
      accessAll: false,
      accessMids: [eid],
      createdAt: now,
      updatedAt: now,
    });
  });
  afterAll(async () => {
    if (name === 'postgres') await store.db.schema.dropSchema(schema).ifExists().cascade().execute();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const secret = (state: 'active' | 'staged', at: number) => ({
    id: randomUUID(),
    clientId,
    secretHash: randomBytes(32).toString('hex'),
    state,
    createdAt: at,
    usableAt: at,
    expiresAt: at + 1000,
  });

  it('secrets get ordinals 0, 1, 2… per client and are listed in that order, whatever their times', async () => {
    const a = await store.secrets.insertSecret(secret('active', now));
    const b = await store.secrets.insertSecret({
      ...secret('staged', now - 5),
      description: 'older clock',
      origin: 'generate',
    });
    expect([a.ordinal, b.ordinal]).toEqual([0, 1]);
    expect(a).toMatchObject({
      origin: 'integration',
      activatedAt: now,
      graceEndsAt: null,
      revokedAt: null,
      description: '',
    });
    const listed = await store.secrets.listSecrets(clientId);
    expect(listed.map((s) => s.id)).toEqual([a.id, b.id]);
    expect(listed[1]).toMatchObject({
      description: 'older clock',
      origin: 'generate',
      activatedAt: null,
      ordinal: 1,
    });
  });

  it('transitionSecret is conditional: of two concurrent transitions exactly one wins', async () => {
    const staged = (await store.secrets.listSecrets(clientId)).find((s) => s.state === 'staged');
    if (!staged) throw new Error('no staged secret');
    const results = await Promise.all([
      store.transaction((r) =>
        r.secrets.transitionSecret(clientId, staged.id, 'staged', 'active', { activatedAt: now + 1 }),
      ),
      store.transaction((r) =>
        r.secrets.transitionSecret(clientId, staged.id, 'staged', 'active', { activatedAt: now + 2 }),
      ),
    ]);
    expect(results.sort()).toEqual([false, true]);
    await store.secrets.retireSecrets(clientId, 'active', { exceptId: staged.id, graceEndsAt: now + 60_000 });
    const listed = await store.secrets.listSecrets(clientId);
    expect(listed.map((s) => [s.state, s.graceEndsAt])).toEqual([
      ['retired', now + 60_000],
      ['active', null],
    ]);
    expect(
      await store.secrets.transitionSecret(clientId, staged.id, 'active', 'revoked', { revokedAt: now + 3 }),
    ).toBe(true);
    expect((await store.secrets.listSecrets(clientId))[1]).toMatchObject({
      state: 'revoked',
      revokedAt: now + 3,
    });
  });

  it('lists current secrets expiring before a time with package and tenant, soonest first', async () => {
    const c = await store.secrets.insertSecret(secret('active', now + 10));
    const rows = await store.secrets.listSecretsExpiringBefore(now + 5000, tenantId);
    expect(rows).toEqual([
      expect.objectContaining({
        clientId,
        secretId: c.id,
        state: 'active',
        expiresAt: now + 1010,
        packageName: 'P',
        tenantId,
      }),
    ]);
    expect(await store.secrets.listSecretsExpiringBefore(now + 1010, tenantId)).toEqual([]);
  });

  it('usage counts add up, last_token keeps the largest, claimOnce is true once, old rows are pruned', async () => {
    await store.usage.addCounts([
      { clientId, metric: 'token.day', key: '', bucket: 0, count: 2 },
      { clientId, metric: 'last_token', key: '', bucket: 0, count: now + 5 },
    ]);
    await store.usage.addCounts([
      { clientId, metric: 'token.day', key: '', bucket: 0, count: 3 },
      { clientId, metric: 'last_token', key: '', bucket: 0, count: now + 1 },
      { clientId, metric: 'token.minute', key: 's', bucket: 60_000, count: 1 },
    ]);
    const day = await store.usage.listCounts([clientId], 'token.day', 0);
    expect(day.map((r) => r.count)).toEqual([5]);
    expect((await store.usage.listCounts([clientId], 'last_token', 0)).map((r) => r.count)).toEqual([
      now + 5,
    ]);
    expect(await store.usage.claimOnce(clientId, 'expiry_warning', 'x:30d', now)).toBe(true);
    expect(await store.usage.claimOnce(clientId, 'expiry_warning', 'x:30d', now)).toBe(false);
    await store.usage.pruneCounts('token.minute', 120_000);
    expect(await store.usage.listCounts([clientId], 'token.minute', 0)).toEqual([]);
    expect(await store.usage.listCounts([], 'token.day', 0)).toEqual([]);
  });

  it('revoked secrets are stored once and listed while they matter', async () => {
    const entry = {
      secretId: randomUUID(),
      clientId,
      tag: 'B',
      issuedFrom: now,
      issuedUntil: now + 10,
      expiresAt: now + 100,
      revokedAt: now + 10,
    };
    await store.revokedSecrets.insertRevokedSecret(entry);
    await store.revokedSecrets.insertRevokedSecret(entry);
    expect(await store.revokedSecrets.listRevokedSecrets(now, now + 50)).toEqual([entry]);
    expect(await store.revokedSecrets.listRevokedSecrets(now, now + 100)).toEqual([]);
  });
});
