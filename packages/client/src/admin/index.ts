/**
 * `@packgate/client/admin`: a typed client of the Packgate admin API (`/admin/v1`) for provisioning
 * tenants, packages, integrations, secrets and users from tests and scripts; no runtime dependency.
 * Types are generated from the server's OpenAPI document (docs/decisions/0012-typed-admin-client.md).
 *
 * @example
 * ```ts
 * import { createAdminClient } from '@packgate/client/admin';
 * const admin = createAdminClient({ baseUrl: 'http://127.0.0.1:8787', adminKey });
 * for await (const pkg of admin.paginate('listPackages', { sub })) console.log(pkg.name);
 * ```
 * @packageDocumentation
 */
export { type AdminErrorContext, adminErrorFromResponse } from '../errors/admin-error-from-response.js';
export {
  AdminApiError,
  type AdminApiErrorDetails,
  AdminBadRequestError,
  AdminConflictError,
  AdminNotFoundError,
  AdminRateLimitedError,
  AdminUnauthenticatedError,
} from '../errors/admin-errors.js';
export { ConfigurationError } from '../errors/configuration-errors.js';
export { PackgateClientError } from '../errors/packgate-client-error.js';
export { InvalidResponseError } from '../errors/token-errors.js';
export { NetworkError, RequestTimeoutError } from '../errors/transport-errors.js';
export { type AdminClient, type AdminClientOptions, createAdminClient } from './admin-client.js';
export type {
  AccessReviewItem,
  AdminArguments,
  AdminCallOptions,
  AdminInput,
  AdminOperationId,
  AdminOperations,
  AdminPagedOperationId,
  AdminPageItem,
  AdminPathParams,
  AdminQuery,
  AdminRequestBody,
  AdminResponse,
  AuditEvent,
  BusinessUnit,
  ClientSecret,
  ExpiringSecret,
  FaultRule,
  HostMode,
  InstalledPackage,
  Integration,
  JournalEntry,
  RevokedSecret,
  SeedReport,
  SetupLink,
  SigningKey,
  SigningKeyRotation,
  Tenant,
  TenantUser,
} from './admin-types.js';
export { type AdminWireRequest, buildAdminRequest } from './build-admin-request.js';
