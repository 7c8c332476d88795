import type { operations } from './generated/admin-api.js';
import type { ADMIN_OPERATIONS } from './generated/admin-operations.js';

/**
 * The name of an admin API operation: the route's `operationId` in the server's OpenAPI document
 * (`createTenant`, `listPackages`, `generateSecret`, …).
 *
 * @example
 * ```ts
 * const op: AdminOperationId = 'createPackage';
 * ```
 */
export type AdminOperationId = keyof operations & keyof typeof ADMIN_OPERATIONS;

type Operation<K extends AdminOperationId> = operations[K];
type Empty = Record<never, never>;

/**
 * The path parameters of an operation (`{ sub }`, `{ sub, id }`, …); `never` when it has none.
 *
 * @example
 * ```ts
 * const where: AdminPathParams<'getPackage'> = { sub: 'mc…', id: 'pkg-id' };
 * ```
 */
export type AdminPathParams<K extends AdminOperationId> = NonNullable<Operation<K>['parameters']['path']>;

/**
 * The query parameters of an operation, as the server reads them (text, not coerced); `never` when it has none.
 *
 * @example
 * ```ts
 * const query: AdminQuery<'listPackages'> = { limit: '100' };
 * ```
 */
export type AdminQuery<K extends AdminOperationId> = NonNullable<Operation<K>['parameters']['query']>;

/**
 * The JSON body an operation takes; `never` when it takes none.
 *
 * @example
 * ```ts
 * const body: AdminRequestBody<'createIntegration'> = { integrationType: 'server-to-server', scopes: [] };
 * ```
 */
export type AdminRequestBody<K extends AdminOperationId> =
  NonNullable<Operation<K>['requestBody']> extends { content: { 'application/json': infer B } } ? B : never;

type SuccessStatus = 200 | 201 | 204;
type Responses<K extends AdminOperationId> = Operation<K>['responses'];
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : undefined;

/**
 * What an operation answers when it succeeds (`undefined` for 204 No Content).
 *
 * @example
 * ```ts
 * type Tenant = AdminResponse<'getTenant'>; // { subdomain, eid, name, authBaseUri, … }
 * ```
 */
export type AdminResponse<K extends AdminOperationId> = JsonOf<
  Responses<K>[Extract<keyof Responses<K>, SuccessStatus>]
>;

type PathPart<K extends AdminOperationId> = [AdminPathParams<K>] extends [never] ? Empty : AdminPathParams<K>;
type QueryPart<K extends AdminOperationId> = [AdminQuery<K>] extends [never]
  ? Empty
  : { query?: AdminQuery<K> };
type BodyPart<K extends AdminOperationId> = [AdminRequestBody<K>] extends [never]
  ? Empty
  : Empty extends AdminRequestBody<K>
    ? { body?: AdminRequestBody<K> }
    : { body: AdminRequestBody<K> };

/**
 * The input of an operation: its path parameters at the top level, then `query` and `body`.
 *
 * @example
 * ```ts
 * const input: AdminInput<'createPackage'> = { sub: 'mc…', body: { name: 'Nightly sync' } };
 * ```
 */
export type AdminInput<K extends AdminOperationId> = PathPart<K> & QueryPart<K> & BodyPart<K>;

/**
 * The operations whose lists come in pages (`nextCursor`): `listPackages`, `listUsers`, the audit events.
 *
 * @example
 * ```ts
 * const paged: AdminPagedOperationId = 'listPackages';
 * ```
 */
export type AdminPagedOperationId = {
  [K in AdminOperationId]: (typeof ADMIN_OPERATIONS)[K] extends { cursor: string } ? K : never;
}[AdminOperationId];

/**
 * One item of a paged list.
 *
 * @example
 * ```ts
 * type Package = AdminPageItem<'listPackages'>;
 * ```
 */
export type AdminPageItem<K extends AdminPagedOperationId> =
  AdminResponse<K> extends { items: ReadonlyArray<infer I> } ? I : never;

/** Per-call options of an admin operation. */
export interface AdminCallOptions {
  /** Aborts the call (and, for {@link AdminClient.paginate}, the pages not yet requested). */
  signal?: AbortSignal;
}

/** Arguments of an operation: the input may be left out when nothing in it is required. */
export type AdminArguments<K extends AdminOperationId> =
  Empty extends AdminInput<K>
    ? [input?: AdminInput<K>, options?: AdminCallOptions]
    : [input: AdminInput<K>, options?: AdminCallOptions];

/** One method per operation of the admin API, named after its `operationId`. */
export type AdminOperations = {
  [K in AdminOperationId]: (...args: AdminArguments<K>) => Promise<AdminResponse<K>>;
};

/** A tenant (a Marketing Cloud account: subdomain, EID and base URIs). */
export type Tenant = AdminResponse<'getTenant'>;
/** A business unit of a tenant (MID, name, parent MID). */
export type BusinessUnit = AdminResponse<'createBusinessUnit'>;
/** An installed package. */
export type InstalledPackage = AdminResponse<'getPackage'>;
/** A package's API Integration (`clientSecret` only in the answer that created it). */
export type Integration = AdminResponse<'getIntegration'>;
/** A client secret of an integration (its value only in the answer that generated it). */
export type ClientSecret = AdminResponse<'generateSecret'>;
/** A revoked secret and how many access tokens went with it. */
export type RevokedSecret = AdminResponse<'revokeSecret'>;
/** An active or staged secret expiring within the asked window. */
export type ExpiringSecret = AdminResponse<'listExpiringSecrets'>['items'][number];
/** An audit event: who changed what, when and from where. */
export type AuditEvent = AdminPageItem<'listTenantAuditEvents'>;
/** A user of a tenant (web and public apps act for them). */
export type TenantUser = AdminResponse<'getUser'>;
/** A token-signing key and its place in the rotation. */
export type SigningKey = AdminResponse<'listSigningKeys'>['items'][number];
/** The answer of a signing-key rotation. */
export type SigningKeyRotation = AdminResponse<'rotateSigningKey'>;
/** A fault rule of a tenant, with how often it matched and fired. */
export type FaultRule = AdminResponse<'createFaultRule'>;
/** One request in a tenant's journal. */
export type JournalEntry = AdminResponse<'listJournal'>['items'][number];
/** One package of a tenant's access review. */
export type AccessReviewItem = AdminResponse<'getAccessReview'>['items'][number];
/** What applying a seed document changed. */
export type SeedReport = AdminResponse<'applySeed'>;
/** The host-mode settings of the server. */
export type HostMode = AdminResponse<'getHostMode'>;
/** A one-time operator sign-in link for the Setup UI. */
export type SetupLink = AdminResponse<'createSetupLink'>;
