import type { Generated } from 'kysely';

/** Row types of every table. Times are epoch milliseconds; MIDs and EIDs are numbers. */
export interface TenantsTable {
  id: string;
  subdomain: string;
  eid: number;
  name: string;
  created_at: number;
}

export interface BusinessUnitsTable {
  mid: number;
  tenant_id: string;
  name: string;
  parent_mid: number | null;
  created_at: number;
}

export interface PackagesTable {
  id: string;
  tenant_id: string;
  name: string;
  description: string;
  mid: number;
  created_at: number;
  updated_at: number;
}

export interface IntegrationsTable {
  package_id: string;
  tenant_id: string;
  client_id: string;
  integration_type: string;
  /** Space-separated scope ids, catalogue order. */
  scopes: string;
  /** JSON array of exact redirect URIs. */
  redirect_uris: string;
  /** 1 = every BU of the tenant, including BUs created later (S2S only). */
  access_all: number;
  created_at: number;
  updated_at: number;
}

export interface IntegrationAccessTable {
  client_id: string;
  mid: number;
}

export interface ClientSecretsTable {
  id: string;
  client_id: string;
  /** Hex SHA-256 of the secret; the secret itself is never stored. */
  secret_hash: string;
  state: 'active' | 'staged' | 'retired' | 'revoked';
  created_at: number;
  /** Staged secrets authenticate only after the propagation delay. */
  usable_at: number;
  expires_at: number;
  /** 0, 1, 2… per client: access tokens carry it as the first character of their `jti`. */
  ordinal: Generated<number>;
  description: Generated<string>;
  /** `integration` (created with it) or `generate` (staged by a Generate). */
  origin: Generated<string>;
  activated_at: number | null;
  /** A retired secret still authenticates until then (the grace period chosen at activation). */
  grace_ends_at: number | null;
  revoked_at: number | null;
}

/** Revoked secrets: tokens of `client_id` whose `jti` starts with `tag`, issued in the window. */
export interface RevokedSecretsTable {
  secret_id: string;
  client_id: string;
  tag: string;
  issued_from: number;
  issued_until: number;
  expires_at: number;
  revoked_at: number;
}

/** Usage counted in memory and flushed periodically (tokens per secret and day, scopes, BUs). */
export interface UsageCountsTable {
  client_id: string;
  metric: string;
  key: string;
  bucket: number;
  count: number;
}

export interface SigningKeysTable {
  kid: string;
  alg: string;
  private_jwk: string;
  public_jwk: string;
  /** `retired`: out of the JWKS for good, private key erased. */
  state: 'active' | 'retired';
  created_at: number;
  /** 1, 2, …: unique, so that exactly one instance inserts each next key (migration 011). */
  generation: number;
  /** Epoch ms from which it signs; it is published from `created_at`. */
  activates_at: number;
}

export interface AuditEventsTable {
  id: Generated<number>;
  tenant_id: string | null;
  actor: string;
  action: string;
  target: string;
  details: string;
  source_ip: string;
  created_at: number;
}

export interface RevokedTokensTable {
  jti: string;
  expires_at: number;
  revoked_at: number;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface Database {
  tenants: TenantsTable;
  business_units: BusinessUnitsTable;
  packages: PackagesTable;
  integrations: IntegrationsTable;
  integration_access: IntegrationAccessTable;
  client_secrets: ClientSecretsTable;
  signing_keys: SigningKeysTable;
  audit_events: AuditEventsTable;
  meta: MetaTable;
  revoked_tokens: RevokedTokensTable;
  revoked_secrets: RevokedSecretsTable;
  usage_counts: UsageCountsTable;
  users: UsersTable;
  user_memberships: UserMembershipsTable;
  package_licenses: PackageLicensesTable;
  login_sessions: LoginSessionsTable;
  token_families: TokenFamiliesTable;
  authorization_codes: AuthorizationCodesTable;
  refresh_tokens: RefreshTokensTable;
  family_access_tokens: FamilyAccessTokensTable;
  data_extensions: DataExtensionsTable;
  data_extension_rows: DataExtensionRowsTable;
  data_extension_row_terms: DataExtensionRowTermsTable;
  async_requests: AsyncRequestsTable;
  data_folders: DataFoldersTable;
  tenant_fidelity: TenantFidelityTable;
}

/** Users (issue 3): `id` is numeric so user tokens stay within 512 characters. */
export interface UsersTable {
  id: number;
  tenant_id: string;
  username: string;
  username_key: string;
  email: string | null;
  /** `scrypt$N$r$p$salt$hash` (see password-hash.ts); never returned, never logged. */
  password_hash: string;
  administer_packages: number;
  created_at: number;
  updated_at: number;
}

export interface UserMembershipsTable {
  user_id: number;
  mid: number;
  /** Space-separated scope ids the user holds in this BU. */
  permissions: string;
}

export interface PackageLicensesTable {
  client_id: string;
  user_id: number;
}

export interface LoginSessionsTable {
  id_hash: string;
  tenant_id: string;
  user_id: number;
  created_at: number;
  expires_at: number;
  ended_at: number | null;
}

export interface TokenFamiliesTable {
  id: string;
  tenant_id: string;
  client_id: string;
  user_id: number;
  session_hash: string | null;
  scopes: string;
  offline: number;
  created_at: number;
  revoked_at: number | null;
}

export interface AuthorizationCodesTable {
  code_hash: string;
  family_id: string;
  tenant_id: string;
  client_id: string;
  user_id: number;
  mid: number;
  redirect_uri: string;
  scopes: string;
  code_challenge: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface RefreshTokensTable {
  token_hash: string;
  family_id: string;
  mid: number;
  state: 'active' | 'rotated' | 'revoked';
  created_at: number;
  expires_at: number;
  /** Set with state `rotated`. */
  rotated_at: number | null;
  /** SHA-256 hex of the request that rotated the token (see `rotationRequestHash`). */
  rotated_by_request: string | null;
}

export interface FamilyAccessTokensTable {
  jti: string;
  family_id: string;
  expires_at: number;
}

/** Data Extensions (issue 4): definitions per BU; `fields` is a JSON array. */
export interface DataExtensionsTable {
  id: string;
  tenant_id: string;
  mid: number;
  name: string;
  customer_key: string;
  customer_key_lower: string;
  fields: string;
  created_at: number;
  /** Migration 012 (issue 13). */
  description: Generated<string>;
  category_id: number | null;
  modified_at: number | null;
  /** JSON of DataExtensionSettings. */
  settings: Generated<string>;
}

/** DataFolder (issue 13, migration 012): a folder tree per BU; roots have `parent_id` 0. */
export interface DataFoldersTable {
  id: Generated<number>;
  tenant_id: string;
  mid: number;
  parent_id: number;
  name: string;
  customer_key: string | null;
  customer_key_lower: string | null;
  content_type: string;
  description: string;
  is_system: number;
  allow_children: number;
  created_at: number;
  modified_at: number;
}

/** One row per Data Extension row: canonical primary-key string + JSON text of the values. */
export interface DataExtensionRowsTable {
  de_id: string;
  row_key: string;
  row_values: string;
  created_at: number;
  updated_at: number;
}

/**
 * One per field of every Data Extension row: what filtered and sorted reads look up (see
 * row-terms.ts and repositories/data-extension-row-terms.ts).
 */
export interface DataExtensionRowTermsTable {
  de_id: string;
  row_key: string;
  field_name: string;
  /** The row's `created_at`, so a lookup returns rows in insertion order from the index. */
  created_at: number;
  /** The indexed form of the term (`termKeyOf`): `''` for no value. */
  term_key: string;
  /** The full term as JSON, only when `term_key` is its hash. */
  term: string | null;
  sort_key: string;
}

/** Async row requests (`data/v1/async`): items until processed, then per-item results (JSON). */
export interface AsyncRequestsTable {
  request_id: string;
  tenant_id: string;
  mid: number;
  de_id: string;
  action: string;
  status: string;
  items: string;
  results: string;
  has_errors: number;
  called_at: number;
  completed_at: number | null;
}

/** Per-tenant fidelity overrides (issue 10 part 5): JSON text of the switches that are set. */
export interface TenantFidelityTable {
  tenant_id: string;
  overrides: string;
  updated_at: number;
}
