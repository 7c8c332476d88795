import { createAdminClient } from '../../../client/src/admin/index.js';
import type { TestServer } from '../../src/testing.js';

export interface TestIntegration {
  packageId: string;
  clientId: string;
  clientSecret: string;
  mid: number;
}

/** The typed admin client (`@packgate/client/admin`) of a test server: provisioning fails with its typed errors. */
export function adminOf(s: TestServer) {
  return createAdminClient({ baseUrl: s.baseUrl, adminKey: s.adminKey });
}

/** Creates a package with a Server-to-Server integration through the admin API. */
export async function createServerToServer(
  s: TestServer,
  options: { scopes: string[]; mid?: number; subdomain?: string },
): Promise<TestIntegration> {
  const sub = options.subdomain ?? s.subdomain;
  const admin = adminOf(s);
  const pkg = await admin.createPackage({
    sub,
    body: { name: 'S2S test', ...(options.mid ? { mid: options.mid } : {}) },
  });
  const integration = await admin.createIntegration({
    sub,
    id: pkg.id,
    body: { integrationType: 'server-to-server', scopes: options.scopes },
  });
  return {
    packageId: pkg.id,
    clientId: integration.clientId,
    clientSecret: integration.clientSecret ?? '',
    mid: pkg.mid,
  };
}

export async function createBusinessUnit(
  s: TestServer,
  name: string,
  subdomain = s.subdomain,
): Promise<number> {
  const bu = await adminOf(s).createBusinessUnit({ sub: subdomain, body: { name } });
  return bu.mid;
}

/** A mutable clock for expiry tests: starts at a fixed instant, moved forward by the test. */
export function manualClock(start = Date.UTC(2026, 10, 25, 12, 0, 0)) {
  let now = start;
  return {
    now: () => now,
    advanceSeconds(seconds: number) {
      now += seconds * 1000;
    },
  };
}
