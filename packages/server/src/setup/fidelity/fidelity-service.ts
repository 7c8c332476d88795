import type { Tenant } from '../../storage/records.js';
import type { Store } from '../../storage/store.js';
import { type Actor, recordAudit } from '../audit.js';
import { type FidelityOverridesValue, normalizeOverrides } from './fidelity.js';

export async function readFidelityOverrides(store: Store, tenant: Tenant): Promise<FidelityOverridesValue> {
  return normalizeOverrides((await store.fidelity.findOverrides(tenant.id)) ?? {});
}

/**
 * Replaces a tenant's fidelity overrides (validated by the FidelityOverrides schema at the edge);
 * `{}` restores every default. Audited as `fidelity.changed`. The caller invalidates the tenant in
 * the client directory, which is where the protocol endpoints read the switches.
 */
export async function setFidelityOverrides(
  store: Store,
  who: Actor,
  tenant: Tenant,
  overrides: FidelityOverridesValue,
  now: number,
): Promise<FidelityOverridesValue> {
  const normalized = normalizeOverrides(overrides);
  await store.transaction(async (repos) => {
    await repos.fidelity.replaceOverrides(tenant.id, normalized, now);
    await recordAudit(repos, who, {
      tenantId: tenant.id,
      action: 'fidelity.changed',
      target: tenant.subdomain,
      details: { ...normalized },
      at: now,
    });
  });
  return normalized;
}
