import { recordAudit } from '../../setup/audit.js';
import type { Clock } from '../../setup/directory/clock.js';
import type { Store } from '../../storage/store.js';

interface Burst {
  readonly tenantId: string;
  readonly firstAt: number;
  lastAt: number;
  failures: number;
  readonly sourceIps: Set<string>;
}

/** Source addresses kept per burst (a spray from many addresses is still one event). */
const MAX_IPS_PER_BURST = 10;

/**
 * Failed client authentications of known client ids, audited as one `client_auth.failed_burst`
 * event per burst — never one per request (issue 14 part 5). A burst ends after `quietMs`
 * without a failure; `sweep` (on a timer, and at shutdown) writes the ended ones. Counting is
 * in memory and bounded: beyond `maxTracked` clients, new ones are not tracked until a sweep.
 */
export class ClientAuthFailureBursts {
  readonly #bursts = new Map<string, Burst>();
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #quietMs: number;
  readonly #maxTracked: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(store: Store, clock: Clock, options: { quietMs?: number; maxTracked?: number } = {}) {
    this.#store = store;
    this.#clock = clock;
    this.#quietMs = options.quietMs ?? 60_000;
    this.#maxTracked = options.maxTracked ?? 10_000;
  }

  start(intervalMs = 10_000): void {
    this.#timer = setInterval(() => {
      this.sweep().catch(() => {
        /* kept: the next sweep retries */
      });
    }, intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.sweep(Number.POSITIVE_INFINITY).catch(() => {});
  }

  note(clientId: string, tenantId: string, sourceIp: string, now: number): void {
    let burst = this.#bursts.get(clientId);
    if (burst === undefined) {
      if (this.#bursts.size >= this.#maxTracked) return;
      burst = { tenantId, firstAt: now, lastAt: now, failures: 0, sourceIps: new Set() };
      this.#bursts.set(clientId, burst);
    }
    burst.failures++;
    burst.lastAt = now;
    if (burst.sourceIps.size < MAX_IPS_PER_BURST) burst.sourceIps.add(sourceIp);
  }

  /** Audits every burst quiet for `quietMs` (all of them with `endedBefore` = Infinity). */
  async sweep(endedBefore = this.#clock.now() - this.#quietMs): Promise<number> {
    const ended = [...this.#bursts].filter(([, b]) => b.lastAt <= endedBefore);
    for (const [clientId, b] of ended) {
      this.#bursts.delete(clientId);
      const [firstIp = 'unknown'] = b.sourceIps;
      await recordAudit(
        this.#store,
        { actor: `client:${clientId}`, sourceIp: firstIp },
        {
          tenantId: b.tenantId,
          action: 'client_auth.failed_burst',
          target: clientId,
          details: {
            failures: b.failures,
            sourceIps: [...b.sourceIps],
            firstAt: new Date(b.firstAt).toISOString(),
            lastAt: new Date(b.lastAt).toISOString(),
          },
          at: b.lastAt,
        },
      );
    }
    return ended.length;
  }
}
