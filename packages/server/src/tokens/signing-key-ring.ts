import { createLocalJWKSet, type JWK } from 'jose';
import type { Logger } from 'pino';
import type { PackgateConfig } from '../config/config.js';
import type { Actor } from '../setup/audit.js';
import type { Clock } from '../setup/directory/clock.js';
import {
  createNextSigningKey,
  type NextSigningKey,
  retireSigningKeys,
  SIGNING_KEY_SCHEDULER,
} from '../setup/signing-keys/signing-key-service.js';
import type { SigningKeyRecord } from '../storage/records.js';
import type { Store } from '../storage/store.js';
import { AccessTokenSigner } from './access-token.js';
import {
  isRotationDue,
  type KeySchedule,
  type KeyTimeline,
  keyScheduleAt,
  type ScheduleRules,
} from './signing-key-schedule.js';
import { type SigningKey, toSigningKey } from './signing-keys.js';

export type RingConfig = Pick<
  PackgateConfig,
  'accessTokenTtlSeconds' | 'propagationSeconds' | 'signingKeyRotationDays'
>;

const DAY_MS = 86_400_000;

/**
 * This instance's signing keys (docs/decisions/0010). The hot path (`signer()`) reads only
 * memory: which key signs is a function of the loaded keys and the clock, so switching to a
 * published key when its time comes costs a comparison, never a database read. `refresh()`
 * (on a timer, shorter than the propagation period on a shared store) loads keys other
 * instances created, creates the next key when the rotation period is due, and erases keys
 * no live token needs any more.
 */
export class SigningKeyRing {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #logger: Logger | undefined;
  readonly #rules: ScheduleRules;
  readonly #rotationMs: number;
  /** Parsed once per kid (parsing a JWK into a KeyObject is not free). */
  readonly #loaded = new Map<string, SigningKey>();
  readonly #signers = new Map<string, AccessTokenSigner>();
  #keys: SigningKey[] = [];
  #schedule!: KeySchedule<SigningKey>;
  #signer!: AccessTokenSigner;
  #jwks!: { keys: JWK[] };
  #keySet!: ReturnType<typeof createLocalJWKSet>;
  #timer: NodeJS.Timeout | undefined;
  #unknownKeyRefresh: Promise<boolean> | undefined;
  #unknownKeyRefreshAt = Number.NEGATIVE_INFINITY;

  private constructor(store: Store, clock: Clock, config: RingConfig, logger: Logger | undefined) {
    this.#store = store;
    this.#clock = clock;
    this.#logger = logger;
    this.#rules = {
      tokenLifetimeMs: config.accessTokenTtlSeconds * 1000,
      propagationMs: config.propagationSeconds * 1000,
    };
    this.#rotationMs = config.signingKeyRotationDays * DAY_MS;
  }

  /** Loads the keys (creating the first on an empty store) and applies the schedule once. */
  static async open(
    store: Store,
    clock: Clock,
    config: RingConfig,
    logger?: Logger,
  ): Promise<SigningKeyRing> {
    const ring = new SigningKeyRing(store, clock, config, logger);
    await ring.refresh();
    return ring;
  }

  /** The signer for new tokens now. Memory only. */
  signer(): AccessTokenSigner {
    const now = this.#clock.now();
    if (now >= this.#schedule.validUntil) this.#apply(now);
    return this.#signer;
  }

  /** The key new tokens are signed with now. */
  signingKey(): SigningKey {
    this.signer();
    return this.#schedule.signing;
  }

  /** The public JWKS document (`{auth}.well-known/jwks.json`): every published key. */
  jwks(): { keys: JWK[] } {
    this.signer();
    return this.#jwks;
  }

  /** The published keys as jose's key resolver, for verification. */
  keySet(): ReturnType<typeof createLocalJWKSet> {
    this.signer();
    return this.#keySet;
  }

  /**
   * A token names a key this instance does not know: another instance may have created it since
   * the last refresh (with PACKGATE_PROPAGATION_SECONDS=0 it signs at once). Reloads at most
   * once a second whatever tokens arrive; true when the published keys changed.
   */
  refreshForUnknownKey(): Promise<boolean> {
    if (this.#unknownKeyRefresh) return this.#unknownKeyRefresh;
    const now = this.#clock.now();
    if (now - this.#unknownKeyRefreshAt < 1000) return Promise.resolve(false);
    this.#unknownKeyRefreshAt = now;
    const before = this.#keySet;
    this.#unknownKeyRefresh = this.refresh()
      .then(() => this.#keySet !== before)
      .catch((err: unknown) => {
        this.#logger?.warn({ err }, 'signing keys: refresh failed');
        return false;
      })
      .finally(() => {
        this.#unknownKeyRefresh = undefined;
      });
    return this.#unknownKeyRefresh;
  }

  /** Follows the store every `intervalMs` (the timer never keeps the process alive). */
  start(intervalMs: number): void {
    this.stop();
    this.#timer = setInterval(() => {
      this.refresh().catch((err: unknown) => {
        // The keys in memory stay in use; the next tick retries.
        this.#logger?.warn({ err }, 'signing keys: refresh failed');
      });
    }, intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Reloads the keys; creates the next key when rotation is due; erases keys no token needs. */
  async refresh(): Promise<void> {
    const now = this.#clock.now();
    let records = await this.#activeRecords();
    if (records.length === 0) {
      await createNextSigningKey(this.#store, SIGNING_KEY_SCHEDULER, {
        now,
        propagationMs: 0,
        reason: 'first',
      });
      records = await this.#activeRecords();
    }
    const schedule = keyScheduleAt(records, now, this.#rules);
    if (isRotationDue(schedule, now, this.#rotationMs, this.#rules.propagationMs)) {
      const next = await this.#createNext(SIGNING_KEY_SCHEDULER, now, 'scheduled');
      if (next.created) this.#logger?.info({ kid: next.record.kid }, 'signing keys: rotation scheduled');
      records = await this.#activeRecords();
    }
    if (schedule.retired.length > 0) {
      await retireSigningKeys(
        this.#store,
        schedule.retired.map((k) => k.kid),
        now,
      );
      const gone = new Set(schedule.retired.map((k) => k.kid));
      records = records.filter((r) => !gone.has(r.kid));
    }
    this.#install(records, now);
  }

  /** The operator's rotation: a next key now (or the one already waiting), then reload. */
  async rotate(who: Actor): Promise<NextSigningKey> {
    const next = await this.#createNext(who, this.#clock.now(), 'operator');
    await this.refresh();
    return next;
  }

  /** Every key in the store with its place in the schedule now (for the admin API). */
  async describe(): Promise<KeyTimeline<SigningKeyRecord>[]> {
    const now = this.#clock.now();
    const records = await this.#store.keys.listKeys();
    if (records.length === 0) return [];
    return keyScheduleAt(records, now, this.#rules).timeline.map((t) =>
      t.key.state === 'retired' && t.status !== 'retired' ? { ...t, status: 'retired' } : t,
    );
  }

  #createNext(who: Actor, now: number, reason: 'scheduled' | 'operator'): Promise<NextSigningKey> {
    return createNextSigningKey(this.#store, who, { now, propagationMs: this.#rules.propagationMs, reason });
  }

  async #activeRecords(): Promise<SigningKeyRecord[]> {
    return (await this.#store.keys.listKeys()).filter((r) => r.state === 'active');
  }

  #install(records: readonly SigningKeyRecord[], now: number): void {
    this.#keys = records.map((r) => {
      let key = this.#loaded.get(r.kid);
      if (key === undefined) {
        key = toSigningKey(r);
        this.#loaded.set(r.kid, key);
      }
      return key;
    });
    const kids = new Set(records.map((r) => r.kid));
    for (const kid of this.#loaded.keys()) {
      if (!kids.has(kid)) {
        this.#loaded.delete(kid);
        this.#signers.delete(kid);
      }
    }
    this.#apply(now);
  }

  /** Recomputes the schedule from the keys in memory (no I/O). */
  #apply(now: number): void {
    const schedule = keyScheduleAt(this.#keys, now, this.#rules);
    const publishedChanged =
      this.#schedule === undefined ||
      schedule.published.length !== this.#schedule.published.length ||
      schedule.published.some((k, i) => k !== this.#schedule.published[i]);
    this.#schedule = schedule;
    let signer = this.#signers.get(schedule.signing.kid);
    if (signer === undefined) {
      signer = new AccessTokenSigner(schedule.signing);
      this.#signers.set(schedule.signing.kid, signer);
    }
    this.#signer = signer;
    if (publishedChanged) {
      this.#jwks = { keys: schedule.published.map((k) => k.publicJwk) };
      this.#keySet = createLocalJWKSet(this.#jwks);
    }
  }
}
