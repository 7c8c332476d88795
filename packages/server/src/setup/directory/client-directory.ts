import type { PackgateConfig } from '../../config/config.js';
import type { ChangeFeed } from '../../storage/change-feed.js';
import { namesNothing } from '../../storage/names-nothing.js';
import type { ClientSecretRecord, Integration, Tenant } from '../../storage/records.js';
import type { Store } from '../../storage/store.js';
import { secretTag } from '../../tokens/secret-tag.js';
import { type Fidelity, resolveFidelity } from '../fidelity/fidelity.js';
import { type BaseUris, baseUrisFor } from '../tenants/base-uris.js';
import { CachedLoader } from './cached-loader.js';
import type { Clock } from './clock.js';

export interface CachedSecret {
  readonly id: string;
  readonly hash: Buffer;
  readonly state: ClientSecretRecord['state'];
  readonly usableAt: number;
  readonly expiresAt: number;
  /** First `jti` character of the tokens this secret issues (tokens/secret-tag.ts). */
  readonly tag: string;
  /** Retired secrets are cached only with a grace period; they stop authenticating at this time. */
  readonly graceEndsAt: number | null;
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
  /** The tenant's fidelity switches over the global defaults (read here, never per request). */
  readonly fidelity: Fidelity;
}

const RETIRED_NOTICE_MS = 30 * 86_400_000;

/** Even with a live change feed, entries are reloaded this often: a notification can be lost. */
const SAFETY_NET_MS = 5 * 60_000;

/**
 * In-memory directory of tenants and clients for the protocol endpoints, so that a token
 * request does not touch the database. Routes that change an integration, a tenant or its BUs
 * call `invalidate*` after the change committed; on a shared store (PostgreSQL) the change feed
 * carries that to every other instance within milliseconds. While the feed is down, entries
 * older than PACKGATE_PROPAGATION_SECONDS are reloaded — the bound PRODUCT.md §4 promises.
 */
export class ClientDirectory {
  readonly #clients: CachedLoader<ClientEntry>;
  readonly #tenants: CachedLoader<TenantEntry>;
  readonly #feed: ChangeFeed;

  constructor(
    store: Store,
    config: PackgateConfig,
    clock: Clock,
    feed: ChangeFeed,
    /** Told of each lookup's result, per cache (`packgate_client_directory_lookups_total`). */
    onLookup?: (cache: 'client' | 'tenant', hit: boolean) => void,
  ) {
    this.#feed = feed;
    const propagationMs = config.propagationSeconds * 1000;
    const maxAgeMs = () => {
      if (!store.isShared) return Number.POSITIVE_INFINITY;
      return feed.isLive() ? Math.max(SAFETY_NET_MS, propagationMs) : propagationMs;
    };
    const now = () => clock.now();
    const counted = (cache: 'client' | 'tenant') =>
      onLookup ? { onLookup: (hit: boolean) => onLookup(cache, hit) } : {};
    this.#clients = new CachedLoader({
      load: (id) => loadClient(store, id, clock.now()),
      maxAgeMs,
      now,
      ...counted('client'),
    });
    this.#tenants = new CachedLoader({
      load: (sub) => loadTenant(store, config, sub),
      maxAgeMs,
      now,
      ...counted('tenant'),
    });
    feed.listen({
      onChange: (change) => {
        if (change.kind === 'client') this.#clients.invalidate(change.key);
        else this.#dropTenant(change.key);
      },
      onResync: () => {
        this.#clients.invalidateAll();
        this.#tenants.invalidateAll();
      },
    });
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
    this.#feed.publish({ kind: 'client', key: clientId }).catch(() => {});
  }

  /** A tenant-wide change (BU added, tenant deleted): drop the tenant and all its clients. */
  invalidateTenant(subdomain: string): void {
    this.#dropTenant(subdomain);
    this.#feed.publish({ kind: 'tenant', key: subdomain }).catch(() => {});
  }

  #dropTenant(subdomain: string): void {
    this.#tenants.invalidate(subdomain);
    this.#clients.invalidateAll();
  }
}

async function loadClient(store: Store, clientId: string, now: number): Promise<ClientEntry | undefined> {
  if (namesNothing(clientId)) return undefined;
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
      .filter(
        (s) =>
          s.state === 'active' ||
          s.state === 'staged' ||
          // Kept so the refusal can say the secret was retired (packgate doctor names the cause): a
          // grace that ended less than 30 days ago, or, retired without grace, until it would have
          // expired. Such a secret never authenticates (authenticate-client.ts).
          (s.state === 'retired' &&
            (s.graceEndsAt !== null ? s.graceEndsAt > now - RETIRED_NOTICE_MS : s.expiresAt > now)),
      )
      .map((s) => ({
        id: s.id,
        hash: Buffer.from(s.secretHash, 'hex'),
        state: s.state,
        usableAt: s.usableAt,
        expiresAt: s.expiresAt,
        tag: secretTag(s.ordinal),
        graceEndsAt: s.graceEndsAt,
      })),
  };
}

async function loadTenant(
  store: Store,
  config: PackgateConfig,
  subdomain: string,
): Promise<TenantEntry | undefined> {
  if (namesNothing(subdomain)) return undefined;
  const tenant = await store.tenants.findTenantBySubdomain(subdomain);
  if (!tenant) return undefined;
  const [units, overrides] = await Promise.all([
    store.tenants.listBusinessUnits(tenant.id),
    store.fidelity.findOverrides(tenant.id),
  ]);
  return {
    tenant,
    baseUris: baseUrisFor(config, subdomain),
    businessUnitMids: new Set(units.map((u) => u.mid)),
    fidelity: resolveFidelity(config, overrides ?? {}),
  };
}
