import { randomUUID } from 'node:crypto';
import type { PackgateConfig } from '../../config/config.js';
import { BadRequest, Conflict, NotFound } from '../../errors/admin-errors.js';
import type {
  ClientSecretRecord,
  InstalledPackage,
  Integration,
  IntegrationType,
  Tenant,
} from '../../storage/records.js';
import type { Repositories, Store } from '../../storage/store.js';
import { type Actor, changedFields, recordAudit } from '../audit.js';
import { generateClientId, isClientId } from '../random-identifiers.js';
import { isKnownScope, sortScopes } from '../scopes/scope-catalogue.js';
import {
  generateClientSecret,
  hashSecret,
  hasValidSecretChecksum,
  isSecretShaped,
} from '../secrets/secret-format.js';
import { checkRedirectUris } from './check-redirect-uris.js';

export interface CreatedIntegration {
  readonly integration: Integration;
  /** Shown once; public apps have none. */
  readonly clientSecret: string | undefined;
  readonly secretExpiresAt: number | undefined;
}

/** Checks scope ids against the catalogue; `offline` only makes sense for user-context apps. */
export function checkScopes(scopes: readonly string[], type: IntegrationType): string[] {
  scopes.forEach((id, i) => {
    if (!isKnownScope(id))
      throw new BadRequest(`scopes.${i}: unknown scope "${id}".`, { field: `scopes.${i}` });
  });
  if (type === 'server-to-server' && scopes.includes('offline')) {
    throw new BadRequest('scopes: "offline" applies to web and public apps only.', { field: 'scopes' });
  }
  return sortScopes(scopes);
}

/**
 * A secret fixed from outside (seed files): the value, checked for shape and checksum, or only
 * its SHA-256 (hex, as `packgate export` writes it).
 */
export type FixedSecret = { readonly clientSecret: string } | { readonly secretSha256: string };

/** The SHA-256 (hex) a fixed secret is stored as; throws BadRequest for a malformed one. */
export function fixedSecretHash(fixed: FixedSecret): string {
  if ('clientSecret' in fixed) {
    if (!isSecretShaped(fixed.clientSecret)) {
      throw new BadRequest('clientSecret: "SFMC_", 51 characters A-Z a-z 0-9 and an 8-digit checksum.', {
        field: 'clientSecret',
      });
    }
    if (!hasValidSecretChecksum(fixed.clientSecret)) {
      throw new BadRequest('clientSecret: the checksum (last 8 characters) does not match.', {
        field: 'clientSecret',
      });
    }
    return hashSecret(fixed.clientSecret).toString('hex');
  }
  if (!/^[0-9a-f]{64}$/.test(fixed.secretSha256)) {
    throw new BadRequest('secretSha256: 64 lowercase hex digits.', { field: 'secretSha256' });
  }
  return fixed.secretSha256;
}

export async function insertNewSecret(
  repos: Repositories,
  clientId: string,
  config: Pick<PackgateConfig, 'secretTtlSeconds' | 'propagationSeconds'>,
  state: 'active' | 'staged',
  now: number,
  options: { description?: string; usableAfterSeconds?: number; fixed?: FixedSecret } = {},
): Promise<{ clientSecret: string | undefined; record: ClientSecretRecord }> {
  const { fixed } = options;
  const clientSecret = fixed ? undefined : generateClientSecret();
  const delaySeconds = options.usableAfterSeconds ?? config.propagationSeconds;
  const record = await repos.secrets.insertSecret({
    id: randomUUID(),
    clientId,
    secretHash: fixed ? fixedSecretHash(fixed) : hashSecret(clientSecret as string).toString('hex'),
    state,
    createdAt: now,
    usableAt: state === 'staged' ? now + delaySeconds * 1000 : now,
    expiresAt: now + config.secretTtlSeconds * 1000,
    origin: state === 'staged' ? 'generate' : 'integration',
    ...(options.description !== undefined ? { description: options.description } : {}),
  });
  return { clientSecret, record };
}

/** Adds the package's API Integration; the type is fixed from here on. */
export async function createIntegration(
  store: Store,
  config: PackgateConfig,
  who: Actor,
  tenant: Tenant,
  pkg: InstalledPackage,
  input: {
    integrationType: IntegrationType;
    scopes: readonly string[];
    redirectUris?: readonly string[] | undefined;
    /** Seed files: a fixed client id instead of a generated one. */
    clientId?: string | undefined;
    /** Seed files: a fixed secret instead of a generated one (then none is returned). */
    secret?: FixedSecret | undefined;
  },
  now: number,
): Promise<CreatedIntegration> {
  const type = input.integrationType;
  if (input.clientId !== undefined && !isClientId(input.clientId)) {
    throw new BadRequest('clientId: 24 characters a-z 0-9.', { field: 'clientId' });
  }
  if (input.secret !== undefined) {
    if (type === 'public-app') {
      throw new BadRequest('clientSecret: public-app integrations have no client secret.', {
        field: 'clientSecret',
      });
    }
    fixedSecretHash(input.secret);
  }
  const scopes = checkScopes(input.scopes, type);
  let redirectUris: string[] = [];
  if (type === 'server-to-server') {
    if (input.redirectUris && input.redirectUris.length > 0) {
      throw new BadRequest('redirectUris: server-to-server integrations have no redirect URIs.', {
        field: 'redirectUris',
      });
    }
  } else redirectUris = checkRedirectUris(input.redirectUris ?? []);

  return store.transaction(async (repos) => {
    if (await repos.packages.findIntegrationByPackage(pkg.id)) {
      throw new Conflict('This package already has an API Integration (it cannot be replaced).');
    }
    if (input.clientId !== undefined && (await repos.packages.findIntegrationByClientId(input.clientId))) {
      throw new Conflict(`Another integration already has client id "${input.clientId}".`, {
        field: 'clientId',
      });
    }
    const integration: Integration = {
      packageId: pkg.id,
      tenantId: tenant.id,
      clientId: input.clientId ?? generateClientId(),
      integrationType: type,
      scopes,
      redirectUris,
      accessAll: false,
      // PRODUCT.md §7: a new S2S integration may reach the BU its package was created in.
      accessMids: type === 'server-to-server' ? [pkg.mid] : [],
      createdAt: now,
      updatedAt: now,
    };
    await repos.packages.insertIntegration(integration);
    const secret =
      type === 'public-app'
        ? undefined
        : await insertNewSecret(
            repos,
            integration.clientId,
            config,
            'active',
            now,
            input.secret ? { fixed: input.secret } : {},
          );
    await recordAudit(repos, who, {
      tenantId: tenant.id,
      action: 'integration.created',
      target: integration.clientId,
      details: { packageId: pkg.id, integrationType: type, scopes },
      at: now,
    });
    return { integration, clientSecret: secret?.clientSecret, secretExpiresAt: secret?.record.expiresAt };
  });
}

export async function findIntegrationOrThrow(store: Store, pkg: InstalledPackage): Promise<Integration> {
  const integration = await store.packages.findIntegrationByPackage(pkg.id);
  if (!integration) throw new NotFound('This package has no API Integration yet.');
  return integration;
}

export async function updateIntegration(
  store: Store,
  who: Actor,
  integration: Integration,
  changes: { scopes?: readonly string[] | undefined; redirectUris?: readonly string[] | undefined },
  now: number,
): Promise<Integration> {
  const scopes = changes.scopes && checkScopes(changes.scopes, integration.integrationType);
  let redirectUris: string[] | undefined;
  if (changes.redirectUris !== undefined) {
    if (integration.integrationType === 'server-to-server') {
      throw new BadRequest('redirectUris: server-to-server integrations have no redirect URIs.', {
        field: 'redirectUris',
      });
    }
    redirectUris = checkRedirectUris(changes.redirectUris);
  }
  return store.transaction(async (repos) => {
    await repos.packages.updateIntegration(integration.clientId, {
      ...(scopes ? { scopes } : {}),
      ...(redirectUris ? { redirectUris } : {}),
      updatedAt: now,
    });
    const updated = await repos.packages.findIntegrationByClientId(integration.clientId);
    if (!updated) throw new NotFound('The integration no longer exists.');
    await recordAudit(repos, who, {
      tenantId: integration.tenantId,
      action: 'integration.updated',
      target: integration.clientId,
      details: {
        ...(scopes ? { scopes } : {}),
        ...(redirectUris ? { redirectUris } : {}),
        ...changedFields(integration, updated, ['scopes', 'redirectUris']),
      },
      at: now,
    });
    return updated;
  });
}

/** The Access tab for S2S: a list of MIDs, or every BU including those created later. */
export async function setIntegrationAccess(
  store: Store,
  who: Actor,
  tenant: Tenant,
  integration: Integration,
  access: { all?: boolean | undefined; mids?: readonly number[] | undefined },
  now: number,
): Promise<Integration> {
  if (integration.integrationType !== 'server-to-server') {
    throw new BadRequest('Web and public apps get BU access through user licences, not MIDs.', {
      field: 'mids',
    });
  }
  if (access.all !== undefined && access.mids !== undefined) {
    throw new BadRequest('Send either {"all": true} or {"mids": [...]}, not both.', { field: 'all' });
  }
  const all = access.all === true;
  const mids = [...new Set(access.mids ?? [])];
  if (!all && access.mids === undefined) {
    throw new BadRequest('Send {"mids": [...]} or {"all": true}.', { field: 'mids' });
  }
  return store.transaction(async (repos) => {
    for (const [i, mid] of mids.entries()) {
      if (!(await repos.tenants.findBusinessUnit(tenant.id, mid))) {
        throw new BadRequest(`mids.${i}: ${mid} is not a business unit of this tenant.`, {
          field: `mids.${i}`,
        });
      }
    }
    await repos.packages.replaceAccess(integration.clientId, { all, mids }, now);
    const updated = await repos.packages.findIntegrationByClientId(integration.clientId);
    if (!updated) throw new NotFound('The integration no longer exists.');
    await recordAudit(repos, who, {
      tenantId: tenant.id,
      action: 'integration.access_changed',
      target: integration.clientId,
      details: {
        ...(all ? { all: true } : { mids }),
        ...changedFields(integration, updated, ['accessAll', 'accessMids']),
      },
      at: now,
    });
    return updated;
  });
}
