import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Store } from '../../src/storage/store.js';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';
import { createBusinessUnit, manualClock } from '../support/fixtures.js';
import { post } from '../support/oauth-assertions.js';

/** Counts the store reads a token request could make to find its tenant and client. */
function countDirectoryReads(store: Store): { total: () => number } {
  let calls = 0;
  const repos = store as unknown as Record<string, Record<string, (...args: unknown[]) => unknown>>;
  const watched: Record<string, string[]> = {
    packages: ['findIntegrationByClientId', 'findPackage'],
    tenants: ['findTenantBySubdomain', 'findTenantById', 'listBusinessUnits'],
    secrets: ['listSecrets'],
  };
  for (const [repo, methods] of Object.entries(watched)) {
    const target = repos[repo] as Record<string, (...args: unknown[]) => unknown>;
    for (const method of methods) {
      const original = target[method] as (...args: unknown[]) => unknown;
      expect(original, `${repo}.${method}`).toBeTypeOf('function');
      target[method] = (...args: unknown[]) => {
        calls++;
        return original(...args);
      };
    }
  }
  return { total: () => calls };
}

describe.each(BACKENDS)('client lookup is served from memory (issue 2 §6) on $name', (backend) => {
  const clock = manualClock();
  let s: TestServer;
  let reads: { total: () => number };
  let tokenUrl: string;
  const body = () => ({
    grant_type: 'client_credentials',
    client_id: s.clientId,
    client_secret: s.clientSecret,
  });

  beforeAll(async () => {
    s = await startTestServer({ ...backend.serverOptions(), now: clock.now });
    tokenUrl = `${s.authBaseUri}v2/token`;
    reads = countDirectoryReads(s.server.ctx.store);
  });
  afterAll(async () => {
    await s?.close();
    await backend.cleanup();
  });

  it('repeated token requests read the database at most once', async () => {
    expect((await post(tokenUrl, body())).status).toBe(200);
    await expectServedFromMemory(() => post(tokenUrl, body()), 20);
  });

  it('a change through the admin API is seen by the next request, which reloads once', async () => {
    const integration = `/tenants/${s.subdomain}/packages/${s.packageId}/integration`;
    expect((await s.admin('PATCH', integration, { scopes: ['data_extensions_read'] })).status).toBe(200);
    const before = reads.total();
    expect((await post(tokenUrl, body())).body.scope).toBe('data_extensions_read');
    expect(reads.total()).toBeGreaterThan(before);
    await expectServedFromMemory(() => post(tokenUrl, body()));
  });

  it('a new business unit reaches account_id checks at once, then is cached again', async () => {
    const mid = await createBusinessUnit(s, 'Cache BU');
    const access = `/tenants/${s.subdomain}/packages/${s.packageId}/integration/access`;
    expect((await s.admin('PUT', access, { mids: [s.eid, mid] })).status).toBe(200);
    expect((await post(tokenUrl, { ...body(), account_id: mid })).status).toBe(200);
    await expectServedFromMemory(() => post(tokenUrl, { ...body(), account_id: mid }));
  });

  /**
   * On PostgreSQL the instance also hears its own change notification a moment later and
   * reloads once more; after that, requests must stop reading the database.
   */
  async function expectServedFromMemory(
    request: () => Promise<{ status: number }>,
    requests = 5,
  ): Promise<void> {
    await vi.waitFor(
      async () => {
        const settled = reads.total();
        for (let i = 0; i < requests; i++) expect((await request()).status).toBe(200);
        expect(reads.total()).toBe(settled);
      },
      { timeout: 5000, interval: 50 },
    );
  }
});
