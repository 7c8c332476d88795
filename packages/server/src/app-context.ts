import type { Logger } from 'pino';
import type { PackgateConfig } from './config/config.js';
import type { FaultRules } from './faults/fault-rules.js';
import type { RequestJournal } from './journal/request-journal.js';
import type { ClientAuthFailureBursts } from './oauth/client-auth/client-auth-failure-bursts.js';
import type { Metrics } from './observability/metrics.js';
import type { RateLimits } from './rate-limits/rate-limits.js';
import type { ClientDirectory } from './setup/directory/client-directory.js';
import type { Clock } from './setup/directory/clock.js';
import type { ExpiryWatcher } from './setup/secrets/expiring-secrets.js';
import type { UsageRecorder } from './setup/usage/usage-recorder.js';
import type { ChangeFeed } from './storage/change-feed.js';
import type { Store } from './storage/store.js';
import type { AccessTokenVerifier } from './tokens/access-token-verifier.js';
import type { RevocationList } from './tokens/revocation-list.js';
import type { SigningKeyRing } from './tokens/signing-key-ring.js';

/** Everything a route plugin may use, passed down explicitly (no module-level state). */
export interface AppContext {
  readonly config: PackgateConfig;
  readonly store: Store;
  readonly clock: Clock;
  readonly directory: ClientDirectory;
  /** Tells other instances on a shared store which directory entries went stale. */
  readonly changeFeed: ChangeFeed;
  /** Signing keys: the signer for new tokens, the JWKS, rotation (docs/decisions/0010). */
  readonly keys: SigningKeyRing;
  /** Bearer verification for every protected endpoint (REST, SOAP, userinfo, introspection). */
  readonly verifier: AccessTokenVerifier;
  readonly revocations: RevocationList;
  /** Token and scope usage counted in memory, flushed in batches (access review, revocation counts). */
  readonly usage: UsageRecorder;
  /** Logs each secret's expiry warnings (30, 14, 7, 1 days) once. */
  readonly expiryWatcher: ExpiryWatcher;
  /** Failed client authentications, audited once per burst. */
  readonly authFailures: ClientAuthFailureBursts;
  readonly metrics: Metrics;
  /** Per-client request budgets (token endpoint, resource API); in Redis when configured. */
  readonly rateLimits: RateLimits;
  readonly logger: Logger;
  /** Fault rules of every tenant (issue 10 part 6), in memory for the request path. */
  readonly faults: FaultRules;
  /** What each tenant received (issue 10 part 7): a ring per tenant in this instance's memory. */
  readonly journal: RequestJournal;
  /** Operator key for `/admin/v1` (compared in constant time). */
  readonly adminKey: string;
}
