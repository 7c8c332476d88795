import type { Logger } from 'pino';
import type { OwnedSecret } from '../../storage/repositories/secrets-repository.js';
import type { Store } from '../../storage/store.js';
import type { Clock } from '../directory/clock.js';
import { daysLeft, EXPIRY_WARNING_DAYS, type ExpiryWarning, expiryWarning } from './expiry-warning.js';

const DAY_MS = 86_400_000;

export interface ExpiringSecret extends OwnedSecret {
  readonly daysLeft: number;
  readonly expiryWarning: ExpiryWarning | null;
}

/** Active and staged secrets that expire within `withinSeconds` of `now` (or already have). */
export async function listExpiringSecrets(
  store: Store,
  now: number,
  options: { withinSeconds: number; tenantId?: string },
): Promise<ExpiringSecret[]> {
  const rows = await store.secrets.listSecretsExpiringBefore(
    now + options.withinSeconds * 1000 + 1,
    options.tenantId,
  );
  return rows.map((r) => ({
    ...r,
    daysLeft: daysLeft(r.expiresAt, now),
    expiryWarning: expiryWarning(r.expiresAt, now),
  }));
}

/**
 * The earliest expiry of an active or staged secret per tenant (epoch ms), for a gauge of
 * "seconds to the earliest expiry per tenant" (`(expiresAt - now) / 1000`). Tenants without a
 * current secret are absent.
 */
export async function earliestSecretExpiryPerTenant(store: Store): Promise<Map<string, number>> {
  const rows = await store.secrets.listSecretsExpiringBefore(Number.MAX_SAFE_INTEGER);
  const earliest = new Map<string, number>();
  for (const r of rows) if (!earliest.has(r.tenant)) earliest.set(r.tenant, r.expiresAt); // soonest first
  return earliest;
}

/**
 * Logs `client_secret.expiry_warning` once per secret and threshold (30, 14, 7, 1 days) as the
 * injected clock crosses it — once across restarts and instances (the claim is stored). When
 * several thresholds were crossed since the last check, only the tightest is logged.
 */
export class ExpiryWatcher {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #logger: Logger;
  #timer: NodeJS.Timeout | undefined;

  constructor(store: Store, clock: Clock, logger: Logger) {
    this.#store = store;
    this.#clock = clock;
    this.#logger = logger;
  }

  start(intervalMs = 3_600_000): void {
    const run = () =>
      this.check().catch((err: unknown) => this.#logger.warn({ err }, 'secret expiry check failed'));
    void run();
    this.#timer = setInterval(run, intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Returns the warnings logged by this call. */
  async check(): Promise<{ secretId: string; threshold: ExpiryWarning }[]> {
    const now = this.#clock.now();
    const logged: { secretId: string; threshold: ExpiryWarning }[] = [];
    for (const s of await listExpiringSecrets(this.#store, now, { withinSeconds: 30 * 86_400 })) {
      if (s.expiryWarning === null) continue;
      const crossed = EXPIRY_WARNING_DAYS.filter((d) => s.expiresAt - now <= d * DAY_MS).map((d) => `${d}d`);
      const all = s.expiryWarning === 'expired' ? [...crossed, 'expired'] : crossed;
      let fresh = false;
      for (const threshold of all) {
        if (
          await this.#store.usage.claimOnce(s.clientId, 'expiry_warning', `${s.secretId}:${threshold}`, now)
        ) {
          fresh = true;
        }
      }
      if (!fresh) continue;
      this.#logger.warn(
        {
          event: 'client_secret.expiry_warning',
          tenant: s.tenant,
          packageId: s.packageId,
          clientId: s.clientId,
          secretId: s.secretId,
          state: s.state,
          threshold: s.expiryWarning,
          expiresAt: new Date(s.expiresAt).toISOString(),
          daysLeft: s.daysLeft,
        },
        s.expiryWarning === 'expired' ? 'a client secret has expired' : 'a client secret expires soon',
      );
      logged.push({ secretId: s.secretId, threshold: s.expiryWarning });
    }
    return logged;
  }
}
