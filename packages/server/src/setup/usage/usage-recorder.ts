import type { Logger } from 'pino';
import type { UsageCount } from '../../storage/repositories/usage-repository.js';
import type { Store } from '../../storage/store.js';
import type { Clock } from '../directory/clock.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** One client's counts of the current minute (folded into rows when the minute changes). */
interface ClientCounters {
  minute: number;
  readonly tokens: Map<string, number>; // secret id ('' for public apps) → tokens
  readonly mids: Map<number, number>;
  readonly scopes: Map<string, number>; // route scope → resource calls
  readonly retiredUses: Map<string, number>;
  lastTokenAt: number;
}

/**
 * Usage for revocation counts and the access review, counted in memory on the hot paths (a
 * few Map updates per token or resource call) and written to the store in one batch every
 * `flushIntervalMs` — never a database write per request (issue 14 part 4).
 */
export class UsageRecorder {
  readonly #clients = new Map<string, ClientCounters>();
  #pending: UsageCount[] = [];
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #logger: Logger;
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(store: Store, clock: Clock, logger: Logger) {
    this.#store = store;
    this.#clock = clock;
    this.#logger = logger;
  }

  start(flushIntervalMs = 10_000): void {
    this.#timer = setInterval(() => {
      this.flush().catch((err: unknown) =>
        this.#logger.warn({ err }, 'usage flush failed; retried next time'),
      );
    }, flushIntervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.flush().catch(() => {});
  }

  recordToken(clientId: string, secretId: string | undefined, mid: number, now: number): void {
    const c = this.#counters(clientId, now);
    const key = secretId ?? '';
    c.tokens.set(key, (c.tokens.get(key) ?? 0) + 1);
    c.mids.set(mid, (c.mids.get(mid) ?? 0) + 1);
    c.lastTokenAt = now;
  }

  recordScope(clientId: string, scope: string, now: number): void {
    const c = this.#counters(clientId, now);
    c.scopes.set(scope, (c.scopes.get(scope) ?? 0) + 1);
  }

  recordRetiredUse(clientId: string, secretId: string, now: number): void {
    const c = this.#counters(clientId, now);
    c.retiredUses.set(secretId, (c.retiredUses.get(secretId) ?? 0) + 1);
  }

  /** Writes everything counted so far (one batch); concurrent calls run one after another. */
  flush(): Promise<void> {
    const next = this.#flushing.then(() => this.#write());
    this.#flushing = next.catch(() => {});
    return next;
  }

  async #write(): Promise<void> {
    for (const [clientId, c] of this.#clients) this.#fold(clientId, c);
    this.#clients.clear();
    const rows = this.#pending;
    this.#pending = [];
    if (rows.length === 0) return;
    try {
      await this.#store.usage.addCounts(mergeRows(rows));
      await this.#store.usage.pruneCounts('token.minute', this.#clock.now() - 2 * DAY_MS);
    } catch (err) {
      this.#pending.push(...rows); // kept for the next flush
      throw err;
    }
  }

  #counters(clientId: string, now: number): ClientCounters {
    const minute = now - (now % MINUTE_MS);
    let c = this.#clients.get(clientId);
    if (c === undefined) {
      c = {
        minute,
        tokens: new Map(),
        mids: new Map(),
        scopes: new Map(),
        retiredUses: new Map(),
        lastTokenAt: 0,
      };
      this.#clients.set(clientId, c);
    } else if (c.minute !== minute) {
      this.#fold(clientId, c);
      c.minute = minute;
    }
    return c;
  }

  #fold(clientId: string, c: ClientCounters): void {
    const day = c.minute - (c.minute % DAY_MS);
    const push = (metric: string, key: string, bucket: number, count: number) =>
      this.#pending.push({ clientId, metric, key, bucket, count });
    let tokens = 0;
    for (const [secretId, n] of c.tokens) {
      if (secretId !== '') push('token.minute', secretId, c.minute, n);
      tokens += n;
    }
    if (tokens > 0) push('token.day', '', day, tokens);
    for (const [mid, n] of c.mids) push('mid.day', String(mid), day, n);
    for (const [scope, n] of c.scopes) push('scope.day', scope, day, n);
    for (const [secretId, n] of c.retiredUses) push('retired_use.day', secretId, day, n);
    if (c.lastTokenAt > 0) push('last_token', '', 0, c.lastTokenAt);
    c.tokens.clear();
    c.mids.clear();
    c.scopes.clear();
    c.retiredUses.clear();
    c.lastTokenAt = 0;
  }
}

/** One row per key: the store's upsert must not see the same key twice in one statement. */
function mergeRows(rows: readonly UsageCount[]): UsageCount[] {
  const merged = new Map<string, UsageCount>();
  for (const r of rows) {
    const key = `${r.clientId}\u0000${r.metric}\u0000${r.key}\u0000${r.bucket}`;
    const seen = merged.get(key);
    if (seen === undefined) merged.set(key, r);
    else
      merged.set(key, {
        ...r,
        count: r.metric === 'last_token' ? Math.max(seen.count, r.count) : seen.count + r.count,
      });
  }
  return [...merged.values()];
}
