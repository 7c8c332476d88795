import type { Tenant } from '../../storage/records.js';
import type { Store } from '../../storage/store.js';
import { currentSecret } from '../secrets/expiry-warning.js';

const DAY_MS = 86_400_000;
/** Issue 14: packages idle this long and secrets older than this are flagged. */
export const IDLE_DAYS = 90;
export const OLD_SECRET_DAYS = 150;

export type ReviewFlag =
  | 'unused_scopes'
  | 'business_units_never_used'
  | 'idle_90_days'
  | 'secret_older_than_150_days';

export interface AccessReviewItem {
  readonly packageId: string;
  readonly packageName: string;
  readonly clientId: string | null;
  readonly integrationType: string | null;
  readonly grantedScopes: readonly string[];
  /** Resource calls per route scope in the window. */
  readonly scopeUsage: Readonly<Record<string, number>>;
  readonly unusedScopes: readonly string[];
  /** S2S: the BUs enabled on the Access tab (every BU with "all"); web/public apps: null (user licences). */
  readonly businessUnitsEnabled: readonly number[] | null;
  readonly businessUnitsWithTokens: readonly number[];
  readonly businessUnitsNeverUsed: readonly number[];
  readonly secretAgeDays: number | null;
  readonly secretExpiresAt: number | null;
  readonly lastTokenAt: number | null;
  readonly tokensInWindow: number;
  readonly tokensPerDay: number;
  readonly flags: readonly ReviewFlag[];
}

/**
 * One item per package of the tenant (issue 14 part 4): granted scopes against the scopes its
 * tokens actually used on resource routes in the last `days` days, BUs enabled against BUs that
 * got tokens, secret age and expiry, last token and tokens per day — from the usage counters
 * (counted in memory, flushed in batches; the caller flushes its own instance first).
 */
export async function buildAccessReview(
  store: Store,
  tenant: Tenant,
  now: number,
  days: number,
): Promise<AccessReviewItem[]> {
  const packages = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.packages.listPackages(tenant.id, { limit: 500, ...(after ? { after } : {}) });
    packages.push(...page);
    if (page.length < 500) break;
    after = page.at(-1)?.id;
  }
  const units = (await store.tenants.listBusinessUnits(tenant.id)).map((u) => u.mid);
  const integrations = new Map(
    (await Promise.all(packages.map((p) => store.packages.findIntegrationByPackage(p.id)))).flatMap((i) =>
      i ? [[i.packageId, i] as const] : [],
    ),
  );
  const clientIds = [...integrations.values()].map((i) => i.clientId);
  const since = now - days * DAY_MS;
  const dayStart = since - (since % DAY_MS);
  const [scopeRows, midRows, tokenRows, lastRows] = await Promise.all([
    store.usage.listCounts(clientIds, 'scope.day', dayStart),
    store.usage.listCounts(clientIds, 'mid.day', dayStart),
    store.usage.listCounts(clientIds, 'token.day', dayStart),
    store.usage.listCounts(clientIds, 'last_token', 0),
  ]);
  const items: AccessReviewItem[] = [];
  for (const pkg of packages) {
    const integration = integrations.get(pkg.id);
    if (!integration) {
      items.push({
        packageId: pkg.id,
        packageName: pkg.name,
        clientId: null,
        integrationType: null,
        grantedScopes: [],
        scopeUsage: {},
        unusedScopes: [],
        businessUnitsEnabled: null,
        businessUnitsWithTokens: [],
        businessUnitsNeverUsed: [],
        secretAgeDays: null,
        secretExpiresAt: null,
        lastTokenAt: null,
        tokensInWindow: 0,
        tokensPerDay: 0,
        flags: [],
      });
      continue;
    }
    const mine = <T extends { clientId: string }>(rows: readonly T[]) =>
      rows.filter((r) => r.clientId === integration.clientId);
    const scopeUsage: Record<string, number> = {};
    for (const r of mine(scopeRows)) scopeUsage[r.key] = (scopeUsage[r.key] ?? 0) + r.count;
    const withTokens = [...new Set(mine(midRows).map((r) => Number(r.key)))].sort((a, b) => a - b);
    const enabled =
      integration.integrationType === 'server-to-server'
        ? (integration.accessAll ? [...units] : [...integration.accessMids]).sort((a, b) => a - b)
        : null;
    const tokensInWindow = mine(tokenRows).reduce((sum, r) => sum + r.count, 0);
    const lastTokenAt = mine(lastRows)[0]?.count ?? null;
    const secret = currentSecret(await store.secrets.listSecrets(integration.clientId));
    const secretAgeDays = secret ? Math.floor((now - secret.createdAt) / DAY_MS) : null;
    // `offline` is a grant property (refresh tokens), not a route scope: never "unused".
    const unusedScopes = integration.scopes.filter((s) => s !== 'offline' && !(s in scopeUsage));
    const neverUsed = (enabled ?? []).filter((mid) => !withTokens.includes(mid));
    const idleSince = lastTokenAt ?? integration.createdAt;
    const flags: ReviewFlag[] = [];
    if (unusedScopes.length > 0) flags.push('unused_scopes');
    if (neverUsed.length > 0) flags.push('business_units_never_used');
    if (now - idleSince >= IDLE_DAYS * DAY_MS) flags.push('idle_90_days');
    if (secretAgeDays !== null && secretAgeDays > OLD_SECRET_DAYS) flags.push('secret_older_than_150_days');
    items.push({
      packageId: pkg.id,
      packageName: pkg.name,
      clientId: integration.clientId,
      integrationType: integration.integrationType,
      grantedScopes: [...integration.scopes],
      scopeUsage,
      unusedScopes,
      businessUnitsEnabled: enabled,
      businessUnitsWithTokens: withTokens,
      businessUnitsNeverUsed: neverUsed,
      secretAgeDays,
      secretExpiresAt: secret?.expiresAt ?? null,
      lastTokenAt,
      tokensInWindow,
      tokensPerDay: Math.round((tokensInWindow / days) * 100) / 100,
      flags,
    });
  }
  return items;
}
