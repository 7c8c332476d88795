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
    throw new InvalidClient('Client authentication is required: send client_id and client_secret.');
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
  const { clientSecret, method } = credentials;
  if (!entry || entry.tenant.id !== tenant.tenant.id) throw new InvalidClient(UNKNOWN_CLIENT);
  if (entry.integration.integrationType === 'public-app') {
    if (clientSecret !== undefined) {
      throw new InvalidClient('Public-app integrations have no client secret: send client_id only.');
    }
    return { entry, method: 'none' };
  }
  if (clientSecret === undefined) throw new InvalidClient(BAD_CLIENT_SECRET);
  return { entry, method, secret: checkSecret(entry, clientSecret, now) };
}

/** Compares against every non-retired secret in constant time; names expiry and staging. */
function checkSecret(entry: ClientEntry, clientSecret: string, now: number): CachedSecret {
  const digest = hashSecret(clientSecret);
  for (const secret of entry.secrets) {
    if (!digestsEqual(secret.hash, digest)) continue;
    if (secret.state === 'retired' && (secret.graceEndsAt === null || secret.graceEndsAt <= now)) {
      throw new InvalidClient(
        `This client secret was retired; its grace period ended on ${new Date(secret.graceEndsAt ?? now).toISOString()}. Use the active secret.`,
      );
    }
    if (secret.expiresAt <= now) {
      throw new InvalidClient(
        `The client secret expired on ${new Date(secret.expiresAt).toISOString()}. Stage and activate a new secret in Installed Packages.`,
      );
    }
    if (secret.usableAt > now) {
      throw new InvalidClient(
        `This staged client secret becomes usable at ${new Date(secret.usableAt).toISOString()} (propagation delay).`,
      );
    }
    return secret;
  }
  // Only now, on the failure path: a broken checksum names the likely cause (a mangled copy).
  if (isSecretShaped(clientSecret) && !hasValidSecretChecksum(clientSecret)) {
    throw new InvalidClient('The client secret is malformed (its checksum does not match): copy it again.');
  }
  throw new InvalidClient(BAD_CLIENT_SECRET);
}
