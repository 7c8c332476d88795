import { FidelityOverrides, normalizeOverrides } from '../../fidelity/fidelity.js';
import { readFidelityOverrides, setFidelityOverrides } from '../../fidelity/fidelity-service.js';
import { atPath } from '../seed-error.js';
import { defineTenantSection } from '../seed-section.js';

/** `fidelity`: the tenant's fidelity switches (docs/reference/fidelity.md); replaces the overrides. */
export const fidelitySection = defineTenantSection({
  key: 'fidelity',
  schema: FidelityOverrides,
  async apply(seed, tenant, wanted, path) {
    const current = await readFidelityOverrides(seed.ctx.store, tenant);
    if (JSON.stringify(current) === JSON.stringify(normalizeOverrides(wanted))) return;
    await atPath(path, () => setFidelityOverrides(seed.ctx.store, seed.who, tenant, wanted, seed.now));
    seed.report.changes.push(`${path}: updated`);
  },
  async export(ctx, tenant) {
    const overrides = await readFidelityOverrides(ctx.store, tenant);
    return Object.keys(overrides).length === 0 ? undefined : overrides;
  },
});
