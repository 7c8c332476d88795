import type { PackgateConfig } from '../../config/config.js';
import type { ClientSecretRecord, Integration, Tenant } from '../../storage/records.js';
import type { Store } from '../../storage/store.js';
import { type BaseUris, baseUrisFor } from '../tenants/base-uris.js';
import { CachedLoader } from './cached-loader.js';
import type { Clock } from './clock.js';

export interface CachedSecret {
  readonly id: string;
  readonly hash: Buffer;
  readonly state: ClientSecretRecord['state'];
  readonly usableAt: number;
  readonly expiresAt: number;
}

/** Everything the token endpoint needs about a client, in one cached object. */
export interface ClientEntry {
  readonly integration: Integration;
  readonly tenant: Tenant;
  readonly packageMid: number;
  readonly secrets: readonly CachedSecret[];
  readonly accessMids: ReadonlySet<number>;
}

export interface TenantEntry {
  readonly tenant: Tenant;
  readonly baseUris: BaseUris;
  readonly businessUnitMids: ReadonlySet<number>;
}

/**
 * In-memory directory of tenants and clients for the protocol endpoints, so that a token
 * request does not touch the database. The admin services call `invalidate*` after each change.
 */
export class ClientDirectory {
  readonly #clients: CachedLoader<ClientEntry>;
  readonly #tenants: CachedLoader<TenantEntry>;

  constructor(store: Store, config: PackgateConfig, clock: Clock) {
    const maxAgeMs = store.isShared ? config.propagationSeconds * 1000 : Number.POSITIVE_INFINITY;
    const now = () => clock.now();
    this.#clients = new CachedLoader({ load: (id) => loadClient(store, id), maxAgeMs, now });
    this.#tenants = new CachedLoader({ load: (sub) => loadTenant(store, config, sub), maxAgeMs, now });
  }

  peekClient(clientId: string): ClientEntry | undefined {
    return this.#clients.peek(clientId);
  }

  findClient(clientId: string): Promise<ClientEntry | undefined> {
    return this.#clients.get(clientId);
  }

  peekTenant(subdomain: string): TenantEntry | undefined {
    return this.#tenants.peek(subdomain);
  }

  findTenant(subdomain: string): Promise<TenantEntry | undefined> {
    return this.#tenants.get(subdomain);
  }

  invalidateClient(clientId: string): void {
    this.#clients.invalidate(clientId);
  }

  /** A tenant-wide change (BU added, tenant deleted): drop the tenant and all its clients. */
  invalidateTenant(subdomain: string): void {
    this.#tenants.invalidate(subdomain);
    this.#clients.invalidateAll();
  }
}

async function loadClient(store: Store, clientId: string): Promise<ClientEntry | undefined> {
  const integration = await store.packages.findIntegrationByClientId(clientId);
  if (!integration) return undefined;
  const [tenant, pkg, secrets] = await Promise.all([
    store.tenants.findTenantById(integration.tenantId),
    store.packages.findPackage(integration.tenantId, integration.packageId),
    store.secrets.listSecrets(clientId),
  ]);
  if (!tenant || !pkg) return undefined;
  return {
    integration,
    tenant,
    packageMid: pkg.mid,
    accessMids: new Set(integration.accessMids),
    secrets: secrets
      .filter((s) => s.state !== 'retired')
      .map((s) => ({
        id: s.id,
        hash: Buffer.from(s.secretHash, 'hex'),
        state: s.state,
        usableAt: s.usableAt,
        expiresAt: s.expiresAt,
      })),
  };
}

async function loadTenant(
  store: Store,
  config: PackgateConfig,
  subdomain: string,
): Promise<TenantEntry | undefined> {
  const tenant = await store.tenants.findTenantBySubdomain(subdomain);
  if (!tenant) return undefined;
  const units = await store.tenants.listBusinessUnits(tenant.id);
  return {
    tenant,
    baseUris: baseUrisFor(config, subdomain),
    businessUnitMids: new Set(units.map((u) => u.mid)),
  };
}
