import type { AppContext } from '../../app-context.js';
import { TENANT_SECTIONS } from './sections/index.js';
import { SEED_FORMAT_VERSION, type SeedDocumentValue, type TenantSeedValue } from './seed-schema.js';
import type { ExportOptions } from './seed-section.js';

const MARKING: Record<ExportOptions['secrets'], string> = {
  hashes:
    'Exported by packgate export. Client secrets appear only as SHA-256 (clientSecretSha256) and passwords only as their scrypt hash (passwordHash): the values cannot be recovered, but seeding a server with this file makes the same secrets and passwords work. Staged secrets, tokens and audit events are not exported.',
  omit: 'Exported by packgate export --secrets omit. Client secrets and passwords are left out: a server seeded with this file generates new secrets (printed once at start) and users without a password must get one before they are created. Staged secrets, tokens and audit events are not exported.',
};

/** The whole store as a seed document (the same format `--seed` reads). */
export async function exportSeed(ctx: AppContext, options: ExportOptions): Promise<SeedDocumentValue> {
  const tenants: TenantSeedValue[] = [];
  for (const tenant of await ctx.store.tenants.listTenants()) {
    const sections: Record<string, unknown> = {};
    for (const section of TENANT_SECTIONS) {
      const value = await section.export(ctx, tenant, options);
      if (value !== undefined) sections[section.key] = value;
    }
    tenants.push({ subdomain: tenant.subdomain, eid: tenant.eid, name: tenant.name, ...sections });
  }
  return {
    $comment: MARKING[options.secrets],
    version: SEED_FORMAT_VERSION,
    tenants,
  };
}
