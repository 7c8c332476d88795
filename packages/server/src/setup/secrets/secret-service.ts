import type { PackgateConfig } from '../../config/config.js';
import { BadRequest, Conflict, NotFound } from '../../errors/admin-errors.js';
import type { ClientSecretRecord, Integration } from '../../storage/records.js';
import type { Store } from '../../storage/store.js';
import { type Actor, recordAudit } from '../audit.js';
import { resolveFidelity } from '../fidelity/fidelity.js';
import { type FixedSecret, insertNewSecret } from '../packages/integration-service.js';

/**
 * Rotation (sfmc-auth.md §8): stage a new secret — it authenticates alongside the active one
 * once the propagation delay has passed — then activate it, which retires the previous one at
 * once. Staging again replaces a staged secret that was never activated.
 */
export async function stageSecret(
  store: Store,
  config: PackgateConfig,
  who: Actor,
  integration: Integration,
  now: number,
): Promise<{ clientSecret: string; record: ClientSecretRecord }> {
  if (integration.integrationType === 'public-app') {
    throw new BadRequest('Public-app integrations have no client secret.');
  }
  return store.transaction(async (repos) => {
    await repos.secrets.retireSecrets(integration.clientId, 'staged');
    // The tenant's fidelity switch `propagationSeconds`, over PACKGATE_PROPAGATION_SECONDS.
    const overrides = (await repos.fidelity.findOverrides(integration.tenantId)) ?? {};
    const propagationSeconds = resolveFidelity(config, overrides).propagationSeconds;
    const created = await insertNewSecret(
      repos,
      integration.clientId,
      { ...config, propagationSeconds },
      'staged',
      now,
    );
    await recordAudit(repos, who, {
      tenantId: integration.tenantId,
      action: 'client_secret.staged',
      target: integration.clientId,
      details: { secretId: created.record.id, expiresAt: created.record.expiresAt },
      at: now,
    });
    // A generated secret (no fixed one was passed) always has its value.
    return { clientSecret: created.clientSecret as string, record: created.record };
  });
}

export async function activateSecret(
  store: Store,
  who: Actor,
  integration: Integration,
  secretId: string,
  now: number,
): Promise<ClientSecretRecord> {
  return store.transaction(async (repos) => {
    const secret = (await repos.secrets.listSecrets(integration.clientId)).find((s) => s.id === secretId);
    if (!secret) throw new NotFound(`No secret "${secretId}" on this integration.`);
    if (secret.state !== 'staged')
      throw new Conflict(`Only a staged secret can be activated (this one is ${secret.state}).`);
    if (secret.usableAt > now) {
      throw new Conflict(
        `The staged secret becomes usable at ${new Date(secret.usableAt).toISOString()}; activate it after that.`,
      );
    }
    await repos.secrets.retireSecrets(integration.clientId, 'active');
    await repos.secrets.setSecretState(integration.clientId, secretId, 'active');
    await recordAudit(repos, who, {
      tenantId: integration.tenantId,
      action: 'client_secret.rotated',
      target: integration.clientId,
      details: { secretId },
      at: now,
    });
    return { ...secret, state: 'active' };
  });
}

/**
 * Seed files: make a fixed secret the only active one (retiring every other), usable at once.
 * Audited as `client_secret.replaced`; the value never appears in the event.
 */
export async function replaceActiveSecret(
  store: Store,
  config: PackgateConfig,
  who: Actor,
  integration: Integration,
  secret: FixedSecret,
  now: number,
): Promise<ClientSecretRecord> {
  if (integration.integrationType === 'public-app') {
    throw new BadRequest('Public-app integrations have no client secret.');
  }
  return store.transaction(async (repos) => {
    await repos.secrets.retireSecrets(integration.clientId, 'active');
    await repos.secrets.retireSecrets(integration.clientId, 'staged');
    const { record } = await insertNewSecret(repos, integration.clientId, config, 'active', now, secret);
    await recordAudit(repos, who, {
      tenantId: integration.tenantId,
      action: 'client_secret.replaced',
      target: integration.clientId,
      details: { secretId: record.id, expiresAt: record.expiresAt },
      at: now,
    });
    return record;
  });
}
