import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors/config-error.js';
import type { Integration, Tenant } from '../../src/storage/records.js';
import { openStore, type Store } from '../../src/storage/store.js';
import { BACKENDS, POSTGRES_URL } from '../support/backends.js';

/** One contract, every backend: what the rest of the server may rely on from the store. */
const stores = BACKENDS.map((b) => b.name);

describe.each(stores)('storage contract on %s', (name) => {
  let store: Store;
  const dataDir = mkdtempSync(join(tmpdir(), 'packgate-contract-'));
  const open = () =>
    name === 'postgres'
      ? openStore({ databaseUrl: POSTGRES_URL, postgresSchema: schema })
      : openStore({ dataDir });
  const schema = `packgate_contract_${randomBytes(5).toString('hex')}`;
  const now = 1_790_000_000_000;
  const tenant: Tenant = {
    id: randomUUID(),
    subdomain: `mc${'a'.repeat(20)}${randomBytes(3).toString('hex')}`,
    eid: 0,
    name: 'T',
    createdAt: now,
  };

  beforeAll(async () => {
    store = await open();
    (tenant as { eid: number }).eid = 10_000_000 + Math.floor(Math.random() * 1000);
    await store.tenants.insertTenant(tenant);
    await store.tenants.insertBusinessUnit({
      mid: tenant.eid,
      tenantId: tenant.id,
      name: 'Top',
      parentMid: null,
      createdAt: now,
    });
  });
  afterAll(async () => {
    if (name === 'postgres') await store.db.schema.dropSchema(schema).ifExists().cascade().execute();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrates idempotently: opening the same store again works', async () => {
    const again = await open();
    expect((await again.tenants.findTenantById(tenant.id))?.subdomain).toBe(tenant.subdomain);
    await again.close();
  });

  it('round-trips tenants and business units with numbers as numbers', async () => {
    const found = await store.tenants.findTenantBySubdomain(tenant.subdomain);
    expect(found).toEqual(tenant);
    expect(typeof found?.eid).toBe('number');
    expect(await store.tenants.listBusinessUnits(tenant.id)).toEqual([
      { mid: tenant.eid, tenantId: tenant.id, name: 'Top', parentMid: null, createdAt: now },
    ]);
    expect(await store.tenants.isAccountNumberTaken(tenant.eid)).toBe(true);
    expect(await store.tenants.isAccountNumberTaken(1)).toBe(false);
  });

  it('round-trips packages, integrations with access, and secrets', async () => {
    const pkgId = randomUUID();
    await store.packages.insertPackage({
      id: pkgId,
      tenantId: tenant.id,
      name: 'P',
      description: '',
      mid: tenant.eid,
      createdAt: now,
      updatedAt: now,
    });
    const integration: Integration = {
      packageId: pkgId,
      tenantId: tenant.id,
      clientId: randomBytes(12).toString('hex'),
      integrationType: 'server-to-server',
      scopes: ['email_read', 'data_extensions_read'],
      redirectUris: [],
      accessAll: false,
      accessMids: [tenant.eid],
      createdAt: now,
      updatedAt: now,
    };
    await store.packages.insertIntegration(integration);
    expect(await store.packages.findIntegrationByClientId(integration.clientId)).toEqual(integration);
    await store.packages.updateIntegration(integration.clientId, {
      scopes: ['sms_read'],
      updatedAt: now + 1,
    });
    await store.packages.replaceAccess(integration.clientId, { all: true, mids: [] }, now + 2);
    const updated = await store.packages.findIntegrationByPackage(pkgId);
    expect(updated).toMatchObject({
      scopes: ['sms_read'],
      accessAll: true,
      accessMids: [],
      updatedAt: now + 2,
    });

    await store.secrets.insertSecret({
      id: randomUUID(),
      clientId: integration.clientId,
      secretHash: 'ab'.repeat(32),
      state: 'active',
      createdAt: now,
      usableAt: now,
      expiresAt: now + 10,
    });
    const staged = randomUUID();
    await store.secrets.insertSecret({
      id: staged,
      clientId: integration.clientId,
      secretHash: 'cd'.repeat(32),
      state: 'staged',
      createdAt: now + 1,
      usableAt: now + 1,
      expiresAt: now + 10,
    });
    await store.secrets.retireSecrets(integration.clientId, 'active');
    await store.secrets.setSecretState(integration.clientId, staged, 'active');
    const states = (await store.secrets.listSecrets(integration.clientId)).map((s) => s.state);
    expect(states).toEqual(['retired', 'active']);

    expect(await store.packages.deletePackage(tenant.id, pkgId)).toBe(true);
    expect(await store.packages.findIntegrationByClientId(integration.clientId)).toBeUndefined();
    expect(await store.secrets.listSecrets(integration.clientId)).toEqual([]);
  });

  it('rolls a failed transaction back completely', async () => {
    const id = randomUUID();
    await expect(
      store.transaction(async (repos) => {
        await repos.packages.insertPackage({
          id,
          tenantId: tenant.id,
          name: 'X',
          description: '',
          mid: tenant.eid,
          createdAt: now,
          updatedAt: now,
        });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.packages.findPackage(tenant.id, id)).toBeUndefined();
  });

  it('wraps driver errors in StoreError with the cause, never leaking driver types', async () => {
    const err = await store.tenants.insertTenant(tenant).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).message).toBe('store call tenants.insertTenant failed');
    expect((err as StoreError).cause).toBeDefined();
  });

  it('audit events page newest first', async () => {
    for (const action of ['a.created', 'b.created', 'c.created']) {
      await store.audit.appendEvent({
        tenantId: tenant.id,
        actor: 'op',
        action,
        target: 't',
        details: { n: 1 },
        sourceIp: '::1',
        createdAt: now,
      });
    }
    const first = await store.audit.listEvents(tenant.id, { limit: 2 });
    expect(first.map((e) => e.action)).toEqual(['c.created', 'b.created']);
    const next = await store.audit.listEvents(tenant.id, { limit: 2, before: first[1]?.id });
    expect(next.map((e) => e.action)).toEqual(['a.created']);
    expect(next[0]?.details).toEqual({ n: 1 });
  });

  it('meta keys are set once (first writer wins)', async () => {
    expect(await store.meta.setMetaOnce('k', '1')).toBe(true);
    expect(await store.meta.setMetaOnce('k', '2')).toBe(false);
    expect(await store.meta.getMeta('k')).toBe('1');
  });

  it('revocations: idempotent insert, listed until expiry', async () => {
    await store.revocations.insertRevocations([{ jti: 'j1', expiresAt: now + 100, revokedAt: now }]);
    await store.revocations.insertRevocations([{ jti: 'j1', expiresAt: now + 100, revokedAt: now }]);
    expect((await store.revocations.listRevocations(0, now)).map((r) => r.jti)).toContain('j1');
    expect(await store.revocations.listRevocations(0, now + 100)).toEqual([]);
    await store.revocations.deleteExpiredRevocations(now + 100);
  });

  it('deleting a tenant cascades to everything of it', async () => {
    const t: Tenant = {
      id: randomUUID(),
      subdomain: `mc${randomBytes(13).toString('hex')}`,
      eid: tenant.eid + 5000,
      name: 'D',
      createdAt: now,
    };
    await store.tenants.insertTenant(t);
    await store.tenants.insertBusinessUnit({
      mid: t.eid,
      tenantId: t.id,
      name: 'D',
      parentMid: null,
      createdAt: now,
    });
    const pkgId = randomUUID();
    await store.packages.insertPackage({
      id: pkgId,
      tenantId: t.id,
      name: 'P',
      description: '',
      mid: t.eid,
      createdAt: now,
      updatedAt: now,
    });
    expect(await store.tenants.deleteTenant(t.id)).toBe(true);
    expect(await store.packages.findPackage(t.id, pkgId)).toBeUndefined();
    expect(await store.tenants.listBusinessUnits(t.id)).toEqual([]);
  });
});
