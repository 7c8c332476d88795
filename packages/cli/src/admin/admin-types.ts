/** Bodies of the admin API (PRODUCT.md §7), as the CLI reads them. */
export interface TenantBody {
  subdomain: string;
  eid: number;
  name: string;
  authBaseUri: string;
  restBaseUri: string;
  soapBaseUri: string;
}
export interface BusinessUnitBody {
  mid: number;
  name: string;
  parentMid: number | null;
}
export interface PackageBody {
  id: string;
  name: string;
  description: string;
  mid: number;
}
export interface IntegrationBody {
  clientId: string;
  clientSecret?: string;
  integrationType: string;
  scopes: string[];
  redirectUris: string[];
  access?: { all: boolean; mids: number[] };
  authBaseUri: string;
  restBaseUri: string;
  soapBaseUri: string;
  secretExpiresAt?: string;
}
export interface SecretBody {
  secretId: string;
  clientSecret?: string;
  state: string;
  description?: string;
  createdAt: string;
  usableAt: string;
  expiresAt: string;
  activatedAt?: string | null;
  graceEndsAt?: string | null;
  revokedAt?: string | null;
  expiryWarning?: string | null;
}
export interface RevokedSecretBody {
  secret: SecretBody;
  tokensRevoked: number;
}
export interface ExpiringSecretBody {
  tenant: string;
  packageId: string;
  packageName: string;
  clientId: string;
  secretId: string;
  state: string;
  expiresAt: string;
  daysLeft: number;
  expiryWarning: string | null;
}
export interface AuditEventBody {
  id: number;
  actor: string;
  action: string;
  target: string;
  details: Record<string, unknown>;
  sourceIp: string;
  createdAt: string;
}
export interface Items<T> {
  items: T[];
  nextCursor?: string;
}
export interface SigningKeyBody {
  kid: string;
  alg: string;
  generation: number;
  status: 'next' | 'signing' | 'retiring' | 'retired';
  createdAt: string;
  activatesAt: string;
  supersededAt?: string;
  unpublishAt?: string;
}
export interface SigningKeyRotationBody {
  created: boolean;
  key: SigningKeyBody;
}
export interface FaultRuleBody {
  id: string;
  route: string;
  path?: string;
  method?: string;
  action?: string;
  clientId?: string;
  effect: { type: string; ms?: number; status?: number; scope?: string };
  trigger: { type: string; n?: number; count?: number; p?: number; seed?: number };
  createdAt: string;
  matched: number;
  fired: number;
}
export interface JournalEntryBody {
  seq: number;
  at: string;
  method: string;
  host?: string;
  path: string;
  status: number;
  latencyMs: number;
  clientId?: string;
  grant?: string;
  claims?: Record<string, unknown>;
  faults?: string[];
}
