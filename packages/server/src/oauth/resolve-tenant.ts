import type { AppContext } from '../app-context.js';
import { UnknownTenant } from '../errors/oauth-errors.js';
import type { TenantEntry } from '../setup/directory/client-directory.js';

/** The tenant a protocol URL belongs to (`/{subdomain}/auth/…`, or its host in host mode). */
export async function resolveTenant(ctx: AppContext, subdomain: string): Promise<TenantEntry> {
  const entry = ctx.directory.peekTenant(subdomain) ?? (await ctx.directory.findTenant(subdomain));
  if (!entry) throw new UnknownTenant('No tenant has this subdomain: check the Authentication Base URI.');
  return entry;
}
