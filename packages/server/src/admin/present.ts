import { type ExpiryWarning, expiryWarning } from '../setup/secrets/expiry-warning.js';
import type { BaseUris } from '../setup/tenants/base-uris.js';
import type {
  AuditEvent,
  BusinessUnit,
  ClientSecretRecord,
  InstalledPackage,
  Integration,
  Tenant,
} from '../storage/records.js';

/** Records → admin API bodies (camelCase, ISO dates, never a secret hash). */

export const presentTenant = (t: Tenant, uris: BaseUris) => ({
  subdomain: t.subdomain,
  eid: t.eid,
  name: t.name,
  ...uris,
});

export const presentBusinessUnit = (bu: BusinessUnit) => ({
  mid: bu.mid,
  name: bu.name,
  parentMid: bu.parentMid,
});

export const presentPackage = (p: InstalledPackage) => ({
  id: p.id,
  name: p.name,
  description: p.description,
  mid: p.mid,
});

export const presentIntegration = (
  i: Integration,
  uris: BaseUris,
  extra: {
    clientSecret?: string | undefined;
    secretExpiresAt?: number | undefined;
    /** Issue 14: every integration with a secret shows its warning (null: none due). */
    expiryWarning?: ExpiryWarning | null | undefined;
  } = {},
) => ({
  clientId: i.clientId,
  ...(extra.clientSecret ? { clientSecret: extra.clientSecret } : {}),
  integrationType: i.integrationType,
  scopes: [...i.scopes],
  redirectUris: [...i.redirectUris],
  access: { all: i.accessAll, mids: [...i.accessMids] },
  ...uris,
  ...(extra.secretExpiresAt ? { secretExpiresAt: new Date(extra.secretExpiresAt).toISOString() } : {}),
  ...(extra.expiryWarning !== undefined ? { expiryWarning: extra.expiryWarning } : {}),
});

const isoOrNull = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString();

export const presentSecret = (s: ClientSecretRecord, clientSecret?: string, now?: number) => ({
  secretId: s.id,
  ...(clientSecret ? { clientSecret } : {}),
  state: s.state,
  description: s.description ?? '',
  createdAt: new Date(s.createdAt).toISOString(),
  usableAt: new Date(s.usableAt).toISOString(),
  expiresAt: new Date(s.expiresAt).toISOString(),
  activatedAt: isoOrNull(s.activatedAt),
  graceEndsAt: isoOrNull(s.graceEndsAt),
  revokedAt: isoOrNull(s.revokedAt),
  ...(now !== undefined && (s.state === 'active' || s.state === 'staged')
    ? { expiryWarning: expiryWarning(s.expiresAt, now) }
    : {}),
});

export const presentAuditEvent = (e: AuditEvent) => ({
  id: e.id,
  actor: e.actor,
  action: e.action,
  target: e.target,
  details: e.details,
  sourceIp: e.sourceIp,
  createdAt: new Date(e.createdAt).toISOString(),
});
