import type { PackgateConfig } from '../../config/config.js';
import { BadRequest, Conflict, NotFound, TooManyRequests } from '../../errors/admin-errors.js';
import type { ClientSecretRecord, Integration } from '../../storage/records.js';
import type { RevokedSecret } from '../../storage/repositories/revocations-repository.js';
import type { Repositories, Store } from '../../storage/store.js';
import { secretTag } from '../../tokens/secret-tag.js';
import { type Actor, recordAudit } from '../audit.js';
import { resolveFidelity } from '../fidelity/fidelity.js';
import { type FixedSecret, insertNewSecret } from '../packages/integration-service.js';

/** The longest grace an activation may give the secret it retires (issue 14: 0–7 days). */
export const MAX_GRACE_SECONDS = 7 * 86_400;

const iso = (ms: number) => new Date(ms).toISOString();

export interface StageOptions {
  /** What the secret is for (e.g. "rotation 2026-Q4"), shown in lists; never a secret. */
  readonly description?: string | undefined;
  /** Skips Marketing Cloud's once-per-interval limit and the wait before use (audited). */
  readonly force?: boolean | undefined;
}

export interface ActivateOptions {
  /** The retired secret keeps authenticating this long, every use logged (0 = retire at once). */
  readonly graceSeconds?: number | undefined;
  /** Skips the once-per-interval limit and the wait after Generate (audited). */
  readonly force?: boolean | undefined;
  /** Where the rotation interval comes from; without it the interval limits are not applied. */
  readonly config?: Pick<PackgateConfig, 'secretRotationIntervalSeconds'> | undefined;
}

/**
 * Rotation (sfmc-auth.md §8): Generate stages a new secret — it authenticates alongside the
 * active one once the rotation interval (and the propagation delay) has passed — then Activate
 * makes it the active one and retires the previous one at once or after a grace period. At
 * most one Generate and one Activate per integration per interval
 * (PACKGATE_SECRET_ROTATION_INTERVAL_SECONDS); staging again replaces a staged secret that was
 * never activated.
 */
export async function stageSecret(
  store: Store,
  config: PackgateConfig,
  who: Actor,
  integration: Integration,
  now: number,
  options: StageOptions = {},
): Promise<{ clientSecret: string; record: ClientSecretRecord }> {
  checkConfidential(integration);
  const intervalMs = config.secretRotationIntervalSeconds * 1000;
  const forced = options.force === true;
  return store.transaction(async (repos) => {
    await repos.secrets.lockClient(integration.clientId);
    const secrets = await repos.secrets.listSecrets(integration.clientId);
    const lastGenerate = Math.max(
      0,
      ...secrets.filter((s) => s.origin === 'generate').map((s) => s.createdAt),
    );
    if (!forced) checkInterval('Generate', lastGenerate, intervalMs, now);
    const replaced = secrets.filter((s) => s.state === 'staged').map((s) => s.id);
    await repos.secrets.retireSecrets(integration.clientId, 'staged');
    // The tenant's fidelity switch `propagationSeconds`, over PACKGATE_PROPAGATION_SECONDS.
    const overrides = (await repos.fidelity.findOverrides(integration.tenantId)) ?? {};
    const propagationSeconds = resolveFidelity(config, overrides).propagationSeconds;
    const created = await insertNewSecret(repos, integration.clientId, config, 'staged', now, {
      description: options.description ?? '',
      usableAfterSeconds: forced
        ? propagationSeconds
        : Math.max(propagationSeconds, config.secretRotationIntervalSeconds),
    });
    await recordAudit(repos, who, {
      tenantId: integration.tenantId,
      action: 'client_secret.staged',
      target: integration.clientId,
      details: {
        secretId: created.record.id,
        description: created.record.description,
        usableAt: iso(created.record.usableAt),
        expiresAt: created.record.expiresAt,
        ...(replaced.length > 0 ? { replacedSecretIds: replaced } : {}),
        ...(forced ? { forced: true } : {}),
        before: { stagedSecretId: replaced[0] ?? null },
        after: { stagedSecretId: created.record.id },
      },
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
  options: ActivateOptions = {},
): Promise<ClientSecretRecord> {
  checkConfidential(integration);
  const graceSeconds = options.graceSeconds ?? 0;
  if (!Number.isInteger(graceSeconds) || graceSeconds < 0 || graceSeconds > MAX_GRACE_SECONDS) {
    throw new BadRequest('grace: between 0 and 7 days.', { field: 'grace' });
  }
  const forced = options.force === true;
  const intervalMs = (options.config?.secretRotationIntervalSeconds ?? 0) * 1000;
  return store.transaction(async (repos) => {
    await repos.secrets.lockClient(integration.clientId);
    const secrets = await repos.secrets.listSecrets(integration.clientId);
    const secret = secrets.find((s) => s.id === secretId);
    if (!secret) throw new NotFound(`No secret "${secretId}" on this integration.`);
    if (secret.state !== 'staged') {
      const nothingStaged = !secrets.some((s) => s.state === 'staged');
      throw new Conflict(
        `Only a staged secret can be activated (this one is ${secret.state})${nothingStaged ? ': nothing is staged, generate a secret first' : ''}.`,
      );
    }
    if (secret.usableAt > now && !forced) {
      throw new Conflict(
        `The staged secret becomes usable at ${iso(secret.usableAt)}; activate it after that.`,
      );
    }
    const lastActivate = Math.max(
      0,
      ...secrets
        .filter((s) => s.origin === 'generate' && s.activatedAt !== null)
        .map((s) => s.activatedAt ?? 0),
    );
    if (!forced) checkInterval('Activate', lastActivate, intervalMs, now);
    const won = await repos.secrets.transitionSecret(integration.clientId, secretId, 'staged', 'active', {
      activatedAt: now,
      ...(secret.usableAt > now ? { usableAt: now } : {}),
    });
    if (!won) throw new Conflict('The secret was activated or replaced by another request at the same time.');
    const retired = secrets.filter((s) => s.state === 'active').map((s) => s.id);
    const graceEndsAt = graceSeconds > 0 ? now + graceSeconds * 1000 : null;
    await repos.secrets.retireSecrets(integration.clientId, 'active', { exceptId: secretId, graceEndsAt });
    await recordAudit(repos, who, {
      tenantId: integration.tenantId,
      action: 'client_secret.rotated',
      target: integration.clientId,
      details: {
        secretId,
        retiredSecretIds: retired,
        graceEndsAt: graceEndsAt === null ? null : iso(graceEndsAt),
        ...(forced ? { forced: true } : {}),
        before: { activeSecretId: retired[0] ?? null },
        after: { activeSecretId: secretId },
      },
      at: now,
    });
    return { ...secret, state: 'active', activatedAt: now, usableAt: Math.min(secret.usableAt, now) };
  });
}

export interface RevokedSecretResult {
  readonly record: ClientSecretRecord;
  /** Access tokens issued with the secret and still alive (counted per minute; see decision 0008). */
  readonly tokensRevoked: number;
  /** The deny-list entry; the caller applies it to its own process after the commit. */
  readonly entry: RevokedSecret;
}

/**
 * A leaked secret: it stops authenticating at once and every access token it issued is
 * revoked (the deny-list entry names the client, the secret's tag and its issue window; other
 * instances pick it up with their revocation poll). Revoking the active secret leaves the
 * integration without one until a new secret is generated (with `force`, at once).
 */
export async function revokeSecret(
  store: Store,
  config: Pick<PackgateConfig, 'accessTokenTtlSeconds'>,
  who: Actor,
  integration: Integration,
  secretId: string,
  now: number,
): Promise<RevokedSecretResult> {
  checkConfidential(integration);
  return store.transaction(async (repos) => {
    await repos.secrets.lockClient(integration.clientId);
    const secret = (await repos.secrets.listSecrets(integration.clientId)).find((s) => s.id === secretId);
    if (!secret) throw new NotFound(`No secret "${secretId}" on this integration.`);
    if (secret.state === 'revoked') {
      throw new Conflict(`The secret was already revoked at ${iso(secret.revokedAt ?? now)}.`);
    }
    const won = await repos.secrets.transitionSecret(
      integration.clientId,
      secretId,
      secret.state,
      'revoked',
      {
        revokedAt: now,
        graceEndsAt: null,
      },
    );
    if (!won) throw new Conflict('The secret was changed by another request at the same time: try again.');
    const ttlMs = config.accessTokenTtlSeconds * 1000;
    const entry: RevokedSecret = {
      secretId,
      clientId: integration.clientId,
      tag: secretTag(secret.ordinal),
      issuedFrom: secret.createdAt - 1000,
      issuedUntil: now,
      expiresAt: now + ttlMs,
      revokedAt: now,
    };
    await repos.revokedSecrets.insertRevokedSecret(entry);
    const tokensRevoked = await countLiveTokens(repos, integration.clientId, secretId, now - ttlMs);
    await recordAudit(repos, who, {
      tenantId: integration.tenantId,
      action: 'client_secret.revoked',
      target: integration.clientId,
      details: {
        secretId,
        tokensRevoked,
        before: { state: secret.state },
        after: { state: 'revoked' },
      },
      at: now,
    });
    return {
      record: { ...secret, state: 'revoked', revokedAt: now, graceEndsAt: null },
      tokensRevoked,
      entry,
    };
  });
}

async function countLiveTokens(repos: Repositories, clientId: string, secretId: string, since: number) {
  const rows = await repos.usage.listCounts([clientId], 'token.minute', since - (since % 60_000));
  return rows.filter((r) => r.key === secretId).reduce((sum, r) => sum + r.count, 0);
}

function checkConfidential(integration: Integration): void {
  if (integration.integrationType === 'public-app') {
    throw new BadRequest('Public-app integrations have no client secret.');
  }
}

/** Marketing Cloud: one Generate and one Activate per integration per 5 minutes. */
function checkInterval(what: 'Generate' | 'Activate', last: number, intervalMs: number, now: number): void {
  if (intervalMs <= 0 || last === 0 || now - last >= intervalMs) return;
  const next = last + intervalMs;
  throw new TooManyRequests(
    `One ${what} per integration every ${intervalMs / 1000} seconds (Marketing Cloud's rotation rule): the next is possible at ${iso(next)}. An operator may pass "force": true.`,
    Math.ceil((next - now) / 1000),
  );
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
    const { record } = await insertNewSecret(repos, integration.clientId, config, 'active', now, {
      fixed: secret,
    });
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
