import { type Static, Type } from 'typebox';
import {
  INTEGRATION_TYPES,
  type InstalledPackage,
  type Integration,
  type Tenant,
} from '../../../storage/records.js';
import {
  createIntegration,
  type FixedSecret,
  fixedSecretHash,
  setIntegrationAccess,
  updateIntegration,
} from '../../packages/integration-service.js';
import { sortScopes } from '../../scopes/scope-catalogue.js';
import { hasValidSecretChecksum } from '../../secrets/secret-format.js';
import { replaceActiveSecret } from '../../secrets/secret-service.js';
import { setLicenses } from '../../users/user-service.js';
import { atPath, childPath, SeedError } from '../seed-error.js';
import type { SeedApply } from '../seed-section.js';
import { AccountNumber, ScopeId } from './common.js';

/** A package's API Integration in the seed file: its type, fixed credentials, scopes and BU access. */
export const IntegrationSeed = Type.Object(
  {
    integrationType: Type.Enum([...INTEGRATION_TYPES], { description: 'Fixed at creation.' }),
    clientId: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9]{24}$',
        description: 'A fixed client id: exactly 24 characters a-z 0-9, like Marketing Cloud client ids.',
      }),
    ),
    clientSecret: Type.Optional(
      Type.String({
        pattern: '^SFMC_[A-Za-z0-9]{51}[0-9a-f]{8}$',
        description:
          'A fixed client secret: "SFMC_" + 51 characters A-Z a-z 0-9 + the CRC-32 checksum of the first 56 as 8 lowercase hex digits (64 characters).',
      }),
    ),
    clientSecretSha256: Type.Optional(
      Type.String({
        pattern: '^[0-9a-f]{64}$',
        description:
          'Instead of clientSecret: the SHA-256 (hex) of the secret, as `packgate export` writes it. The value itself cannot be recovered from it.',
      }),
    ),
    scopes: Type.Array(ScopeId, { maxItems: 200 }),
    redirectUris: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { maxItems: 10 })),
    access: Type.Optional(
      Type.Object(
        {
          all: Type.Optional(Type.Boolean({ description: 'Every BU, including BUs created later.' })),
          mids: Type.Optional(Type.Array(AccountNumber, { maxItems: 10_000 })),
        },
        { additionalProperties: false, description: 'Server-to-server only: the Access tab.' },
      ),
    ),
    licensedUsers: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
        maxItems: 10_000,
        description: 'Web and public apps only: usernames holding a licence.',
      }),
    ),
  },
  { additionalProperties: false },
);

export type IntegrationValue = Static<typeof IntegrationSeed>;

function fixedSecretOf(i: IntegrationValue): FixedSecret | undefined {
  if (i.clientSecret !== undefined) return { clientSecret: i.clientSecret };
  if (i.clientSecretSha256 !== undefined) return { secretSha256: i.clientSecretSha256 };
  return undefined;
}

/** Pure checks the schema cannot express: which fields each integration type may have. */
export function checkIntegration(i: IntegrationValue, at: string): void {
  const type = i.integrationType;
  if (i.clientSecret !== undefined && i.clientSecretSha256 !== undefined) {
    throw new SeedError(
      childPath(at, 'clientSecretSha256'),
      'give either clientSecret or clientSecretSha256, not both.',
    );
  }
  if (i.clientSecret !== undefined && !hasValidSecretChecksum(i.clientSecret)) {
    throw new SeedError(
      childPath(at, 'clientSecret'),
      'the checksum (last 8 characters: CRC-32 of the first 56, lowercase hex) does not match.',
    );
  }
  if (type === 'public-app' && fixedSecretOf(i)) {
    throw new SeedError(
      childPath(at, i.clientSecret !== undefined ? 'clientSecret' : 'clientSecretSha256'),
      'public-app integrations have no client secret.',
    );
  }
  if (type === 'server-to-server') {
    if (i.redirectUris !== undefined && i.redirectUris.length > 0) {
      throw new SeedError(
        childPath(at, 'redirectUris'),
        'server-to-server integrations have no redirect URIs.',
      );
    }
    if (i.licensedUsers !== undefined) {
      throw new SeedError(
        childPath(at, 'licensedUsers'),
        'server-to-server integrations get BU access through "access", not licences.',
      );
    }
    if (i.access && (i.access.all === true) === (i.access.mids !== undefined)) {
      throw new SeedError(childPath(at, 'access'), 'give either {"all": true} or {"mids": [...]}.');
    }
  } else if (i.access !== undefined) {
    throw new SeedError(
      childPath(at, 'access'),
      'web and public apps get BU access through licensedUsers, not MIDs.',
    );
  }
}

/**
 * Creates the package's integration, or brings an existing one to the seed's scopes, redirect
 * URIs, secret, BU access and licences (the type and client id never change).
 */
export async function applyIntegration(
  seed: SeedApply,
  tenant: Tenant,
  pkg: InstalledPackage,
  wanted: IntegrationValue,
  at: string,
): Promise<void> {
  const { ctx, who, now } = seed;
  const secret = fixedSecretOf(wanted);
  let integration = await ctx.store.packages.findIntegrationByPackage(pkg.id);
  if (!integration) {
    const input = {
      integrationType: wanted.integrationType,
      scopes: wanted.scopes,
      redirectUris: wanted.redirectUris,
      clientId: wanted.clientId,
      secret,
    };
    const created = await atPath(at, () =>
      createIntegration(ctx.store, ctx.config, who, tenant, pkg, input, now),
    );
    integration = created.integration;
    seed.report.changes.push(`${at}: created`);
    if (created.clientSecret !== undefined) {
      seed.report.generatedSecrets.push({
        path: at,
        clientId: integration.clientId,
        clientSecret: created.clientSecret,
      });
    }
  } else {
    if (integration.integrationType !== wanted.integrationType) {
      throw new SeedError(
        childPath(at, 'integrationType'),
        `the integration is ${integration.integrationType}; the type is fixed at creation.`,
      );
    }
    if (wanted.clientId !== undefined && wanted.clientId !== integration.clientId) {
      throw new SeedError(
        childPath(at, 'clientId'),
        `the package's integration has client id ${integration.clientId}; a client id never changes.`,
      );
    }
    const scopes = sortScopes(wanted.scopes);
    const changes = {
      ...(scopes.join(' ') !== integration.scopes.join(' ') ? { scopes } : {}),
      ...(wanted.redirectUris !== undefined &&
      wanted.redirectUris.join('\n') !== integration.redirectUris.join('\n')
        ? { redirectUris: wanted.redirectUris }
        : {}),
    };
    if (Object.keys(changes).length > 0) {
      const current = integration;
      integration = await atPath(at, () => updateIntegration(ctx.store, who, current, changes, now));
      seed.report.changes.push(`${at}: updated (${Object.keys(changes).join(', ')})`);
    }
    if (secret && !(await hasActiveSecret(seed, integration, fixedSecretHash(secret)))) {
      const current = integration;
      await atPath(at, () => replaceActiveSecret(ctx.store, ctx.config, who, current, secret, now));
      seed.report.changes.push(
        `${at}.${'clientSecret' in secret ? 'clientSecret' : 'clientSecretSha256'}: replaced`,
      );
    }
  }
  if (wanted.access) await applyAccess(seed, tenant, integration, wanted.access, childPath(at, 'access'));
  if (wanted.licensedUsers)
    await applyLicences(seed, tenant, integration, wanted.licensedUsers, childPath(at, 'licensedUsers'));
  ctx.directory.invalidateClient(integration.clientId);
}

async function hasActiveSecret(seed: SeedApply, integration: Integration, hash: string): Promise<boolean> {
  const secrets = await seed.ctx.store.secrets.listSecrets(integration.clientId);
  const active = secrets.filter((s) => s.state === 'active');
  return active.length === 1 && active[0]?.secretHash === hash && !secrets.some((s) => s.state === 'staged');
}

async function applyAccess(
  seed: SeedApply,
  tenant: Tenant,
  integration: Integration,
  access: NonNullable<IntegrationValue['access']>,
  at: string,
): Promise<void> {
  const all = access.all === true;
  const mids = [...new Set(access.mids ?? [])].sort((a, b) => a - b);
  const current = [...integration.accessMids].sort((a, b) => a - b);
  if (all === integration.accessAll && (all || mids.join() === current.join())) return;
  const input = all ? { all: true } : { mids };
  await atPath(at, () =>
    setIntegrationAccess(seed.ctx.store, seed.who, tenant, integration, input, seed.now),
  );
  seed.report.changes.push(`${at}: updated`);
}

async function applyLicences(
  seed: SeedApply,
  tenant: Tenant,
  integration: Integration,
  usernames: readonly string[],
  at: string,
): Promise<void> {
  const ids: number[] = [];
  for (const [i, username] of usernames.entries()) {
    const found = await seed.ctx.store.users.findUserCredentials(tenant.id, username);
    if (!found)
      throw new SeedError(childPath(at, i), `no user "${username}" in this tenant (list it under users).`);
    ids.push(found.user.id);
  }
  const wanted = [...new Set(ids)].sort((a, b) => a - b);
  const current = (await seed.ctx.store.users.listLicensedUserIds(integration.clientId)).sort(
    (a, b) => a - b,
  );
  if (wanted.join() === current.join()) return;
  const service = { store: seed.ctx.store, revocations: seed.ctx.revocations };
  await atPath(at, () => setLicenses(service, seed.who, tenant, integration, wanted, seed.now));
  seed.report.changes.push(`${at}: updated`);
}

/** The integration as the seed file writes it: the active secret as its SHA-256, or left out. */
export async function exportIntegration(
  store: SeedApply['ctx']['store'],
  integration: Integration,
  secrets: 'hashes' | 'omit',
): Promise<IntegrationValue> {
  const isS2S = integration.integrationType === 'server-to-server';
  const active = (await store.secrets.listSecrets(integration.clientId))
    .filter((s) => s.state === 'active')
    .at(-1);
  const licensed = isS2S ? [] : await store.users.listLicensedUserIds(integration.clientId);
  const usernames: string[] = [];
  for (const id of licensed) {
    const user = await store.users.findUser(integration.tenantId, id);
    if (user) usernames.push(user.username);
  }
  return {
    integrationType: integration.integrationType,
    clientId: integration.clientId,
    ...(secrets === 'hashes' && active ? { clientSecretSha256: active.secretHash } : {}),
    scopes: [...integration.scopes],
    ...(isS2S ? {} : { redirectUris: [...integration.redirectUris], licensedUsers: usernames }),
    ...(isS2S
      ? { access: integration.accessAll ? { all: true } : { mids: [...integration.accessMids] } }
      : {}),
  };
}
