import { InvalidClient } from '../../errors/oauth-errors.js';
import type {
  CachedSecret,
  ClientDirectory,
  ClientEntry,
  TenantEntry,
} from '../../setup/directory/client-directory.js';
import {
  digestsEqual,
  hashSecret,
  hasValidSecretChecksum,
  isSecretShaped,
} from '../../setup/secrets/secret-format.js';
import type { OAuthParameters } from '../parse-parameters.js';
import {
  type ClientAuthMethod,
  type ClientCredentials,
  readClientCredentials,
} from './read-client-credentials.js';

/** Marketing Cloud's wording (sfmc-auth.md §6.1), kept so existing runbooks still match. */
export const UNKNOWN_CLIENT = 'Invalid client ID. Use the client ID in Marketing Cloud Installed Packages.';
export const BAD_CLIENT_SECRET =
  'Client authentication failed. Make sure that the client ID and client secret are valid and that the package is installed and enabled.';

/** Why client authentication failed: logged with the request (never sent; the wire has the description). */
export type ClientAuthFailureReason =
  | 'credentials_missing'
  | 'client_unknown'
  | 'client_of_other_tenant'
  | 'public_client_sent_secret'
  | 'secret_missing'
  | 'secret_mismatch'
  | 'secret_malformed'
  | 'secret_expired'
  | 'secret_retired'
  | 'secret_not_yet_usable'
  | 'public_client_not_allowed';

/** An `invalid_client` answer that says, for the log, why and which client id was claimed. */
export class ClientAuthenticationFailed extends InvalidClient {
  readonly reason: ClientAuthFailureReason;
  /** The client id the request claimed (not a secret), when it sent one. */
  readonly clientId: string | undefined;
  constructor(reason: ClientAuthFailureReason, clientId: string | undefined, description: string) {
    super(description);
    this.reason = reason;
    this.clientId = clientId;
  }
}

export interface AuthenticatedClient {
  readonly entry: ClientEntry;
  readonly method: ClientAuthMethod;
  /** The secret that matched (none for public apps); its tag goes into the token's `jti`. */
  readonly secret?: CachedSecret;
}

/**
 * authenticateClient: who is calling? Confidential clients (server-to-server, web app) must
 * prove a current secret; public apps identify themselves with `client_id` only. A client is
 * only known at its own tenant's auth base URI. Synchronous when the client is in the
 * directory's memory (the token endpoint's usual case), a promise when it must be loaded.
 */
export function authenticateClient(
  params: OAuthParameters,
  authorization: string | undefined,
  tenant: TenantEntry,
  directory: ClientDirectory,
  now: number,
): AuthenticatedClient | Promise<AuthenticatedClient> {
  const credentials = readClientCredentials(params, authorization);
  if (!credentials) {
    throw new ClientAuthenticationFailed(
      'credentials_missing',
      undefined,
      'Client authentication is required: send client_id and client_secret.',
    );
  }
  const cached = directory.peekClient(credentials.clientId);
  if (cached) return checkClient(cached, credentials, tenant, now);
  return directory
    .findClient(credentials.clientId)
    .then((entry) => checkClient(entry, credentials, tenant, now));
}

function checkClient(
  entry: ClientEntry | undefined,
  credentials: ClientCredentials,
  tenant: TenantEntry,
  now: number,
): AuthenticatedClient {
  const { clientId, clientSecret, method } = credentials;
  if (!entry) throw new ClientAuthenticationFailed('client_unknown', clientId, UNKNOWN_CLIENT);
  if (entry.tenant.id !== tenant.tenant.id) {
    throw new ClientAuthenticationFailed('client_of_other_tenant', clientId, UNKNOWN_CLIENT);
  }
  if (entry.integration.integrationType === 'public-app') {
    if (clientSecret !== undefined) {
      throw new ClientAuthenticationFailed(
        'public_client_sent_secret',
        clientId,
        'Public-app integrations have no client secret: send client_id only.',
      );
    }
    return { entry, method: 'none' };
  }
  if (clientSecret === undefined) {
    throw new ClientAuthenticationFailed('secret_missing', clientId, BAD_CLIENT_SECRET);
  }
  return { entry, method, secret: checkSecret(entry, clientSecret, now) };
}

/** Compares against every non-retired secret in constant time; names expiry and staging. */
function checkSecret(entry: ClientEntry, clientSecret: string, now: number): CachedSecret {
  const { clientId } = entry.integration;
  const digest = hashSecret(clientSecret);
  for (const secret of entry.secrets) {
    if (!digestsEqual(secret.hash, digest)) continue;
    if (secret.state === 'retired' && (secret.graceEndsAt === null || secret.graceEndsAt <= now)) {
      throw new ClientAuthenticationFailed(
        'secret_retired',
        clientId,
        secret.graceEndsAt === null
          ? 'This client secret was retired when a newer secret was activated. Use the active secret.'
          : `This client secret was retired; its grace period ended on ${new Date(secret.graceEndsAt).toISOString()}. Use the active secret.`,
      );
    }
    if (secret.expiresAt <= now) {
      throw new ClientAuthenticationFailed(
        'secret_expired',
        clientId,
        `The client secret expired on ${new Date(secret.expiresAt).toISOString()}. Stage and activate a new secret in Installed Packages.`,
      );
    }
    if (secret.usableAt > now) {
      throw new ClientAuthenticationFailed(
        'secret_not_yet_usable',
        clientId,
        `This staged client secret becomes usable at ${new Date(secret.usableAt).toISOString()} (propagation delay).`,
      );
    }
    return secret;
  }
  // Only now, on the failure path: a broken checksum names the likely cause (a mangled copy).
  if (isSecretShaped(clientSecret) && !hasValidSecretChecksum(clientSecret)) {
    throw new ClientAuthenticationFailed(
      'secret_malformed',
      clientId,
      'The client secret is malformed (its checksum does not match): copy it again.',
    );
  }
  throw new ClientAuthenticationFailed('secret_mismatch', clientId, BAD_CLIENT_SECRET);
}
