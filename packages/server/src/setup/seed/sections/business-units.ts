import { Type } from 'typebox';
import { createBusinessUnit, renameBusinessUnit } from '../../tenants/tenant-service.js';
import { atPath, childPath, SeedError } from '../seed-error.js';
import { defineTenantSection } from '../seed-section.js';
import { AccountNumber, accountNumber, DisplayName } from './common.js';

const BusinessUnitSeed = Type.Object(
  {
    mid: AccountNumber,
    name: DisplayName,
    parentMid: Type.Optional(accountNumber('The parent BU (default: the top BU, MID = EID).')),
  },
  { additionalProperties: false, description: 'A business unit with a fixed MID.' },
);

/**
 * `businessUnits`: child BUs with fixed MIDs (the top BU is the tenant itself, MID = EID).
 * A parent is listed before its children or exists already. A BU cannot move; its name can change.
 */
export const businessUnitsSection = defineTenantSection({
  key: 'businessUnits',
  schema: Type.Array(BusinessUnitSeed, { maxItems: 1000 }),
  check(units, path, claims) {
    for (const [i, bu] of units.entries()) {
      claims.claim('account number (EID or MID)', bu.mid, childPath(childPath(path, i), 'mid'));
    }
  },
  async apply(seed, tenant, units, path) {
    for (const [i, bu] of units.entries()) {
      const at = childPath(path, i);
      if (bu.mid === tenant.eid) {
        throw new SeedError(
          childPath(at, 'mid'),
          `${bu.mid} is the top BU (MID = EID): it is named by the tenant's name.`,
        );
      }
      const parentMid = bu.parentMid ?? tenant.eid;
      const existing = await seed.ctx.store.tenants.findBusinessUnit(tenant.id, bu.mid);
      if (!existing) {
        await atPath(at, () =>
          createBusinessUnit(
            seed.ctx.store,
            seed.who,
            tenant,
            { name: bu.name, parentMid, mid: bu.mid },
            seed.now,
          ),
        );
        seed.report.changes.push(`${at}: created`);
        continue;
      }
      if (existing.parentMid !== parentMid) {
        throw new SeedError(
          childPath(at, 'parentMid'),
          `business unit ${bu.mid} exists under ${existing.parentMid}; a business unit cannot move.`,
        );
      }
      if (existing.name !== bu.name) {
        await renameBusinessUnit(seed.ctx.store, seed.who, tenant, bu.mid, bu.name, seed.now);
        seed.report.changes.push(`${at}.name: updated`);
      }
    }
  },
  async export(ctx, tenant) {
    // Sorted by MID (creation times tie within one apply), then parents before children.
    const units = (await ctx.store.tenants.listBusinessUnits(tenant.id))
      .filter((u) => u.mid !== tenant.eid)
      .sort((a, b) => a.mid - b.mid);
    // Parents before children, whatever the creation order: a seed is applied in file order.
    const out: typeof units = [];
    const placed = new Set<number>([tenant.eid]);
    while (out.length < units.length) {
      const before = out.length;
      for (const u of units) {
        if (!placed.has(u.mid) && u.parentMid !== null && placed.has(u.parentMid)) {
          out.push(u);
          placed.add(u.mid);
        }
      }
      if (out.length === before) break;
    }
    if (out.length === 0) return undefined;
    return out.map((u) => ({
      mid: u.mid,
      name: u.name,
      ...(u.parentMid !== null && u.parentMid !== tenant.eid ? { parentMid: u.parentMid } : {}),
    }));
  },
});
