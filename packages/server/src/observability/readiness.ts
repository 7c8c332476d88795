import type { Store } from '../storage/store.js';
import type { SigningKeyRing } from '../tokens/signing-key-ring.js';

/** A check that has not answered by then counts as failed (a hung store must not hang `/readyz`); generous, so a busy instance is not reported unready. */
export const READINESS_CHECK_TIMEOUT_MS = 5000;

export type DependencyName = 'store' | 'migrations' | 'keys' | 'redis';

export interface DependencyStatus {
  readonly status: 'ok' | 'failed';
  /** Why it is not ready, in a few words without any credential. */
  readonly reason?: string;
}

export interface ReadinessReport {
  readonly status: 'ready' | 'unavailable';
  /** The dependencies that are not ready, by name (empty when ready). */
  readonly notReady: DependencyName[];
  readonly checks: Partial<Record<DependencyName, DependencyStatus>>;
}

export interface ReadinessDependencies {
  readonly store: Pick<Store, 'meta' | 'pendingMigrations'>;
  readonly keys: () => Pick<SigningKeyRing, 'signingKey' | 'jwks'> | undefined;
  /** Set when `PACKGATE_REDIS_URL` is. */
  readonly pingRedis: (() => Promise<void>) | undefined;
}

/**
 * Checks every dependency at once: the store answers a query, every migration this code knows
 * is applied, a signing key is loaded, and Redis (when configured) answers a PING.
 */
export async function checkReadiness(deps: ReadinessDependencies): Promise<ReadinessReport> {
  const checks: [DependencyName, () => Promise<void>][] = [
    ['store', async () => void (await deps.store.meta.getMeta('bootstrapped'))],
    [
      'migrations',
      async () => {
        const pending = await deps.store.pendingMigrations();
        if (pending.length > 0) throw new Error(`not applied: ${pending.join(', ')}`);
      },
    ],
    [
      'keys',
      async () => {
        const ring = deps.keys();
        if (!ring?.signingKey() || ring.jwks().keys.length === 0) throw new Error('no active signing key');
      },
    ],
  ];
  if (deps.pingRedis) checks.push(['redis', deps.pingRedis]);
  const results = await Promise.all(checks.map(([, check]) => settle(check)));
  const report: ReadinessReport = { status: 'ready', notReady: [], checks: {} };
  checks.forEach(([name], i) => {
    const result = results[i] as DependencyStatus;
    report.checks[name] = result;
    if (result.status !== 'ok') report.notReady.push(name);
  });
  return report.notReady.length > 0 ? { ...report, status: 'unavailable' } : report;
}

async function settle(check: () => Promise<void>): Promise<DependencyStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${READINESS_CHECK_TIMEOUT_MS} ms`)),
      READINESS_CHECK_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([check(), timeout]);
    return { status: 'ok' };
  } catch (err) {
    return { status: 'failed', reason: reasonOf(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** The store wraps driver errors (StoreError naming the call): the driver's first line says why. */
function reasonOf(err: unknown): string {
  const e = err as { message?: unknown; cause?: { message?: unknown; code?: unknown } };
  const cause = e?.cause;
  const detail =
    typeof cause?.code === 'string'
      ? cause.code
      : typeof cause?.message === 'string'
        ? cause.message
        : typeof e?.message === 'string'
          ? e.message
          : 'unknown error';
  return (detail.split('\n')[0] ?? '').slice(0, 200);
}
