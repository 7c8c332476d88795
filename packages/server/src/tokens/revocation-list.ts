import type { Clock } from '../setup/directory/clock.js';
import type { RevokedSecret, RevokedToken } from '../storage/repositories/revocations-repository.js';
import type { Store } from '../storage/store.js';

/**
 * Revoked access tokens, answered from memory so that bearer checks never wait for the
 * database. Revocations made through this process apply at once; on a shared store
 * (PostgreSQL) other instances' revocations are picked up by polling every `pollIntervalMs`.
 */
export class RevocationList {
  readonly #revoked = new Map<string, number>(); // jti → expiresAt
  /** Revoked secrets by client id (decision 0008); empty for nearly every client. */
  readonly #revokedSecrets = new Map<string, RevokedSecret[]>();
  #secretCursor = 0;
  readonly #store: Store;
  readonly #clock: Clock;
  #cursor = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(store: Store, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  /** Loads current revocations; on a shared store starts following other instances. */
  async start(pollIntervalMs = 1000): Promise<void> {
    await this.#pull();
    if (this.#store.isShared) {
      this.#timer = setInterval(() => {
        this.#pull().catch(() => {
          /* next poll retries; bearer checks keep the last known list */
        });
      }, pollIntervalMs);
      this.#timer.unref();
    }
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Revoked tokens held in memory (`/metrics`). */
  get size(): number {
    return this.#revoked.size;
  }

  isRevoked(jti: string): boolean {
    return this.#revoked.has(jti);
  }

  /** True when the token was issued by a revoked secret: its client, tag and issue window. */
  isIssuedByRevokedSecret(clientId: string, jti: string, iatSeconds: number): boolean {
    const revoked = this.#revokedSecrets.get(clientId);
    if (revoked === undefined) return false;
    const iat = iatSeconds * 1000;
    return revoked.some((r) => jti[0] === r.tag && iat >= r.issuedFrom && iat <= r.issuedUntil);
  }

  /** Applies a secret revocation the caller has stored (in its transaction) to this process. */
  rememberSecret(entry: RevokedSecret): void {
    const list = this.#revokedSecrets.get(entry.clientId) ?? [];
    if (!list.some((r) => r.secretId === entry.secretId)) list.push(entry);
    this.#revokedSecrets.set(entry.clientId, list);
  }

  /** Revokes the tokens (idempotent); the caller passes each token's `exp` in epoch ms. */
  async revoke(tokens: ReadonlyArray<{ jti: string; expiresAt: number }>): Promise<void> {
    const now = this.#clock.now();
    const live = tokens.filter((t) => t.expiresAt > now);
    await this.#store.revocations.insertRevocations(live.map((t) => ({ ...t, revokedAt: now })));
    for (const t of live) this.#revoked.set(t.jti, t.expiresAt);
  }

  /**
   * The rows for revoking `tokens` in the caller's own transaction (with what they revoke),
   * stamped now: other instances poll by that stamp, so it must not predate the commit by more
   * than the poll's overlap, as the start time of a slow request could. Call `remember` after
   * the commit.
   */
  entriesFor(tokens: ReadonlyArray<{ jti: string; expiresAt: number }>): RevokedToken[] {
    const now = this.#clock.now();
    return tokens.filter((t) => t.expiresAt > now).map((t) => ({ ...t, revokedAt: now }));
  }

  /** Applies revocations the caller has stored to this process at once. */
  remember(tokens: ReadonlyArray<{ jti: string; expiresAt: number }>): void {
    for (const t of tokens) this.#revoked.set(t.jti, t.expiresAt);
  }

  async #pull(): Promise<void> {
    const now = this.#clock.now();
    // Overlap by a few seconds: another instance's clock or transaction may lag behind ours.
    const rows: RevokedToken[] = await this.#store.revocations.listRevocations(this.#cursor - 5000, now);
    for (const r of rows) {
      this.#revoked.set(r.jti, r.expiresAt);
      if (r.revokedAt > this.#cursor) this.#cursor = r.revokedAt;
    }
    for (const [jti, expiresAt] of this.#revoked) if (expiresAt <= now) this.#revoked.delete(jti);
    const secrets = await this.#store.revokedSecrets.listRevokedSecrets(this.#secretCursor - 5000, now);
    for (const r of secrets) {
      this.rememberSecret(r);
      if (r.revokedAt > this.#secretCursor) this.#secretCursor = r.revokedAt;
    }
    for (const [clientId, list] of this.#revokedSecrets) {
      const live = list.filter((r) => r.expiresAt > now);
      if (live.length === 0) this.#revokedSecrets.delete(clientId);
      else this.#revokedSecrets.set(clientId, live);
    }
  }
}
