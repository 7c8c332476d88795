import { expect } from 'vitest';
import type { TestServer } from '../../src/testing.js';

export interface TestIntegration {
  packageId: string;
  clientId: string;
  clientSecret: string;
  mid: number;
}

/** Creates a package with a Server-to-Server integration through the admin API. */
export async function createServerToServer(
  s: TestServer,
  options: { scopes: string[]; mid?: number; subdomain?: string },
): Promise<TestIntegration> {
  const sub = options.subdomain ?? s.subdomain;
  const pkg = await s.admin('POST', `/tenants/${sub}/packages`, {
    name: 'S2S test',
    ...(options.mid ? { mid: options.mid } : {}),
  });
  expect(pkg.status).toBe(201);
  const integration = await s.admin('POST', `/tenants/${sub}/packages/${pkg.body.id}/integration`, {
    integrationType: 'server-to-server',
    scopes: options.scopes,
  });
  expect(integration.status).toBe(201);
  return {
    packageId: pkg.body.id,
    clientId: integration.body.clientId,
    clientSecret: integration.body.clientSecret,
    mid: pkg.body.mid,
  };
}

export async function createBusinessUnit(
  s: TestServer,
  name: string,
  subdomain = s.subdomain,
): Promise<number> {
  const res = await s.admin('POST', `/tenants/${subdomain}/business-units`, { name });
  expect(res.status).toBe(201);
  return res.body.mid as number;
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
