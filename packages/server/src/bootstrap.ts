import type { AppContext } from './app-context.js';
import type { Actor } from './setup/audit.js';
import { createIntegration } from './setup/packages/integration-service.js';
import { createPackage } from './setup/packages/package-service.js';
import { type BaseUris, baseUrisFor } from './setup/tenants/base-uris.js';
import { createTenant } from './setup/tenants/tenant-service.js';
import type { Tenant } from './storage/records.js';

export interface DemoCredentials {
  readonly packageId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly accountId: number;
}

export interface BootstrapReport {
  /** The first tenant, when this start created it. */
  readonly createdTenant: Tenant | undefined;
  readonly tenant: Tenant;
  readonly baseUris: BaseUris;
  /** Set only on the start that created the demo package: its secret is shown this once. */
  readonly demo: DemoCredentials | undefined;
}

const SYSTEM: Actor = { actor: 'system:bootstrap', sourceIp: 'local' };
export const DEMO_SCOPES = ['data_extensions_read', 'data_extensions_write'];

/**
 * First start on an empty store: a tenant with its top BU. With `demo`, also a
 * Server-to-Server package (Data Extensions read/write), once. Later starts change nothing.
 */
export async function bootstrap(
  ctx: AppContext,
  options: { demo: boolean; seedTenant?: Tenant | undefined },
): Promise<BootstrapReport> {
  const now = ctx.clock.now();
  let createdTenant: Tenant | undefined;
  // A seed file's first tenant is the first tenant: no random one next to the file's.
  if (options.seedTenant && (await ctx.store.meta.getMeta('bootstrapped')) === undefined) {
    await ctx.store.meta.setMetaOnce('bootstrapped', options.seedTenant.subdomain);
  }
  if ((await ctx.store.meta.getMeta('bootstrapped')) === undefined) {
    const tenant = await createTenant(ctx.store, SYSTEM, 'Packgate Demo Enterprise', now);
    // Two instances booting at once on PostgreSQL: only the first marker wins; the loser's
    // tenant is removed again so there is exactly one first tenant.
    if (await ctx.store.meta.setMetaOnce('bootstrapped', tenant.subdomain)) createdTenant = tenant;
    else await ctx.store.tenants.deleteTenant(tenant.id);
  }
  const firstSubdomain = (await ctx.store.meta.getMeta('bootstrapped')) as string;
  const tenant =
    (await ctx.store.tenants.findTenantBySubdomain(firstSubdomain)) ??
    (await ctx.store.tenants.listTenants())[0];
  if (!tenant) throw new Error('the store has no tenant; delete the data directory to bootstrap again');

  let demo: DemoCredentials | undefined;
  if (options.demo && (await ctx.store.meta.getMeta('demo_package')) === undefined) {
    const pkg = await createPackage(
      ctx.store,
      SYSTEM,
      tenant,
      { name: 'Demo Server-to-Server', description: 'Created by packgate serve --demo' },
      now,
    );
    if (await ctx.store.meta.setMetaOnce('demo_package', pkg.id)) {
      const created = await createIntegration(
        ctx.store,
        ctx.config,
        SYSTEM,
        tenant,
        pkg,
        { integrationType: 'server-to-server', scopes: DEMO_SCOPES },
        now,
      );
      demo = {
        packageId: pkg.id,
        clientId: created.integration.clientId,
        clientSecret: created.clientSecret as string,
        accountId: pkg.mid,
      };
    } else await ctx.store.packages.deletePackage(tenant.id, pkg.id);
  }
  return { createdTenant, tenant, baseUris: baseUrisFor(ctx.config, tenant.subdomain), demo };
}
