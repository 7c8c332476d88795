import { readFileSync } from 'node:fs';
import type { AppContext } from '../../app-context.js';
import type { Tenant } from '../../storage/records.js';
import type { Actor } from '../audit.js';
import { createTenant, renameTenant } from '../tenants/tenant-service.js';
import { parseSeed } from './parse-seed.js';
import { TENANT_SECTIONS } from './sections/index.js';
import { atPath, childPath, SeedError } from './seed-error.js';
import type { SeedDocumentValue, TenantSeedValue } from './seed-schema.js';
import type { SeedApply, SeedReport } from './seed-section.js';

export const SEED_ACTOR: Actor = { actor: 'system:seed', sourceIp: 'local' };

export interface AppliedSeed extends SeedReport {
  /** The file's tenants, in file order, as stored after the apply. */
  readonly tenants: readonly Tenant[];
}

/** Reads and parses a seed file; a missing or unreadable file is a SeedError naming it. */
export function loadSeedFile(file: string): SeedDocumentValue {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SeedError('', code === 'ENOENT' ? 'no such file' : `cannot read it (${code ?? 'error'})`);
  }
  return parseSeed(text);
}

/**
 * Applies a parsed seed through the setup services, tenant by tenant, section by section.
 * Idempotent: what already matches is left alone (no write, no audit event); what the file
 * names and the store holds differently is updated; what the file does not name is kept.
 */
export async function applySeed(
  ctx: AppContext,
  doc: SeedDocumentValue,
  who: Actor = SEED_ACTOR,
): Promise<AppliedSeed> {
  const report: SeedReport = { changes: [], generatedSecrets: [] };
  const seed: SeedApply = { ctx, who, now: ctx.clock.now(), report };
  const tenants: Tenant[] = [];
  for (const [i, value] of doc.tenants.entries()) {
    const at = childPath('tenants', i);
    const tenant = await applyTenant(seed, value, at);
    tenants.push(tenant);
    try {
      for (const section of TENANT_SECTIONS) {
        const sectionValue = value[section.key];
        if (sectionValue !== undefined)
          await section.apply(seed, tenant, sectionValue as never, childPath(at, section.key));
      }
    } finally {
      ctx.directory.invalidateTenant(tenant.subdomain);
    }
  }
  return { ...report, tenants };
}

async function applyTenant(seed: SeedApply, value: TenantSeedValue, at: string): Promise<Tenant> {
  const { ctx, who, now } = seed;
  const existing = await ctx.store.tenants.findTenantBySubdomain(value.subdomain);
  if (!existing) {
    const tenant = await atPath(at, () =>
      createTenant(ctx.store, who, value.name, now, { subdomain: value.subdomain, eid: value.eid }),
    );
    seed.report.changes.push(`${at}: created`);
    return tenant;
  }
  if (value.eid !== undefined && value.eid !== existing.eid) {
    throw new SeedError(
      childPath(at, 'eid'),
      `tenant ${existing.subdomain} exists with EID ${existing.eid}; an EID never changes.`,
    );
  }
  if (existing.name !== value.name) {
    await renameTenant(ctx.store, who, existing, value.name, now);
    seed.report.changes.push(`${at}.name: updated`);
    return { ...existing, name: value.name };
  }
  return existing;
}
