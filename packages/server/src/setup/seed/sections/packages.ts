import { type Static, Type } from 'typebox';
import type { InstalledPackage, Tenant } from '../../../storage/records.js';
import { createPackage, updatePackage } from '../../packages/package-service.js';
import { atPath, childPath, SeedError } from '../seed-error.js';
import { defineTenantSection, type SeedApply } from '../seed-section.js';
import { accountNumber, DisplayName } from './common.js';
import {
  applyIntegration,
  checkIntegration,
  exportIntegration,
  IntegrationSeed,
} from './integration-seed.js';

const PackageSeed = Type.Object(
  {
    id: Type.Optional(
      Type.String({
        pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
        description:
          'A fixed package id (UUID, lower case). Without it the package is matched by its client id, else by name.',
      }),
    ),
    name: DisplayName,
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    mid: Type.Optional(accountNumber('The BU it is created in (default: the top BU).')),
    integration: Type.Optional(IntegrationSeed),
  },
  { additionalProperties: false, description: 'An installed package and its API Integration.' },
);

type PackageValue = Static<typeof PackageSeed>;

/** `packages`: matched by `id`, else by the integration's client id, else by name. */
export const packagesSection = defineTenantSection({
  key: 'packages',
  schema: Type.Array(PackageSeed, { maxItems: 10_000 }),
  check(packages, path, claims) {
    packages.forEach((p, i) => {
      const at = childPath(path, i);
      if (p.id !== undefined) claims.claim('package id', p.id, childPath(at, 'id'));
      else if (p.integration?.clientId === undefined)
        claims.claim(`package name in ${path}`, p.name, childPath(at, 'name'));
      const integration = p.integration;
      if (!integration) return;
      const ip = childPath(at, 'integration');
      if (integration.clientId !== undefined)
        claims.claim('client id', integration.clientId, childPath(ip, 'clientId'));
      checkIntegration(integration, ip);
    });
  },
  async apply(seed, tenant, packages, path) {
    for (const [i, p] of packages.entries()) await applyPackage(seed, tenant, p, childPath(path, i));
  },
  async export(ctx, tenant, options) {
    const out: PackageValue[] = [];
    for (let after: string | undefined; ; ) {
      const page = await ctx.store.packages.listPackages(tenant.id, {
        limit: 500,
        ...(after ? { after } : {}),
      });
      for (const pkg of page) {
        const integration = await ctx.store.packages.findIntegrationByPackage(pkg.id);
        out.push({
          id: pkg.id,
          name: pkg.name,
          ...(pkg.description ? { description: pkg.description } : {}),
          mid: pkg.mid,
          ...(integration
            ? { integration: await exportIntegration(ctx.store, integration, options.secrets) }
            : {}),
        });
      }
      if (page.length < 500) break;
      after = page.at(-1)?.id;
    }
    return out.length === 0 ? undefined : (out as never);
  },
});

async function findPackage(seed: SeedApply, tenant: Tenant, p: PackageValue, at: string) {
  const { store } = seed.ctx;
  if (p.id !== undefined) {
    const pkg = await store.packages.findPackageById(p.id);
    if (pkg && pkg.tenantId !== tenant.id)
      throw new SeedError(childPath(at, 'id'), 'a package of another tenant has this id.');
    return pkg;
  }
  const clientId = p.integration?.clientId;
  if (clientId !== undefined) {
    const integration = await store.packages.findIntegrationByClientId(clientId);
    if (!integration) return undefined;
    if (integration.tenantId !== tenant.id) {
      throw new SeedError(
        childPath(at, 'integration.clientId'),
        'an integration of another tenant has this client id.',
      );
    }
    return store.packages.findPackage(tenant.id, integration.packageId);
  }
  const named: InstalledPackage[] = [];
  for (let after: string | undefined; ; ) {
    const page = await store.packages.listPackages(tenant.id, { limit: 500, ...(after ? { after } : {}) });
    named.push(...page.filter((x) => x.name === p.name));
    if (page.length < 500) break;
    after = page.at(-1)?.id;
  }
  if (named.length > 1) {
    throw new SeedError(
      childPath(at, 'name'),
      `${named.length} packages are named "${p.name}": give the package's id.`,
    );
  }
  return named[0];
}

async function applyPackage(seed: SeedApply, tenant: Tenant, p: PackageValue, at: string): Promise<void> {
  const { ctx, who, now } = seed;
  let pkg = await findPackage(seed, tenant, p, at);
  const clientId = p.integration?.clientId;
  if (clientId !== undefined) {
    // Checked before anything is created: a client id names one integration, store-wide.
    const holder = await ctx.store.packages.findIntegrationByClientId(clientId);
    if (holder && holder.packageId !== pkg?.id) {
      throw new SeedError(
        childPath(at, 'integration.clientId'),
        `client id ${clientId} belongs to another package (${holder.packageId}).`,
      );
    }
  }
  if (!pkg) {
    const input = { name: p.name, description: p.description, mid: p.mid, id: p.id };
    pkg = await atPath(at, () => createPackage(ctx.store, who, tenant, input, now));
    seed.report.changes.push(`${at}: created`);
  } else {
    if (p.mid !== undefined && p.mid !== pkg.mid) {
      throw new SeedError(
        childPath(at, 'mid'),
        `the package was created in BU ${pkg.mid}; a package cannot move.`,
      );
    }
    const changes = {
      ...(p.name !== pkg.name ? { name: p.name } : {}),
      ...(p.description !== undefined && p.description !== pkg.description
        ? { description: p.description }
        : {}),
    };
    if (Object.keys(changes).length > 0) {
      const id = pkg.id;
      await atPath(at, () => updatePackage(ctx.store, who, tenant, id, changes, now));
      seed.report.changes.push(`${at}: updated (${Object.keys(changes).join(', ')})`);
    }
  }
  if (p.integration) await applyIntegration(seed, tenant, pkg, p.integration, childPath(at, 'integration'));
}
