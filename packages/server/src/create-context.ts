import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import pino from 'pino';
import type { AppContext } from './app-context.js';
import type { PackgateConfig } from './config/config.js';
import { ensureDataDir } from './config/ensure-data-dir.js';
import { ConfigError } from './errors/config-error.js';
import { FaultRules } from './faults/fault-rules.js';
import { RequestJournal } from './journal/request-journal.js';
import { ClientAuthFailureBursts } from './oauth/client-auth/client-auth-failure-bursts.js';
import { createLogger } from './observability/logger.js';
import { createMetrics } from './observability/metrics.js';
import { createRateLimits } from './rate-limits/rate-limits.js';
import { ClientDirectory } from './setup/directory/client-directory.js';
import { type Clock, systemClock } from './setup/directory/clock.js';
import { ExpiryWatcher } from './setup/secrets/expiring-secrets.js';
import { baseUrisFor } from './setup/tenants/base-uris.js';
import { UsageRecorder } from './setup/usage/usage-recorder.js';
import { type ChangeFeed, localChangeFeed, PostgresChangeFeed } from './storage/change-feed.js';
import type { DatabaseOptions } from './storage/open-database.js';
import { openStore, type Store } from './storage/store.js';
import { AccessTokenVerifier } from './tokens/access-token-verifier.js';
import { checkTokenLengthFits } from './tokens/check-token-length.js';
import { RevocationList } from './tokens/revocation-list.js';
import { SigningKeyRing } from './tokens/signing-key-ring.js';

export interface ContextOptions {
  readonly clock?: Clock;
  readonly logger?: Logger;
  /**
   * Where the JSON log lines go when no logger is given: stdout (the default, for a service), or
   * stderr (`packgate serve`, whose stdout is the human banner or its JSON answer).
   */
  readonly logTo?: 'stdout' | 'stderr';
  /** Overrides for where the store lives (tests: an in-memory SQLite or a PostgreSQL schema). */
  readonly database?: Partial<DatabaseOptions>;
  /** Where this instance's Redis counters live (tests: a prefix of their own under the production one). */
  readonly rateLimitKeyPrefix?: string;
}

export interface AdminKeySource {
  readonly adminKey: string;
  /** Set when the key lives in a file (created now or earlier). */
  readonly file: string | undefined;
  readonly created: boolean;
}

/** The shortest operator key accepted, from PACKGATE_ADMIN_KEY or the key file. */
const MIN_ADMIN_KEY_LENGTH = 32;

/** PACKGATE_ADMIN_KEY, else `{dataDir}/admin-key` (mode 0600), generated on first start. */
export function resolveAdminKey(config: PackgateConfig): AdminKeySource {
  if (config.adminKey) return { adminKey: config.adminKey, file: undefined, created: false };
  ensureDataDir(config.dataDir);
  const file = join(config.dataDir, 'admin-key');
  const key = randomBytes(32).toString('base64url');
  try {
    writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
    return { adminKey: key, file, created: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const existing = readFileSync(file, 'utf8').trim();
    // An emptied or hand-edited file must not leave the admin API locked or weakly guarded.
    if (existing.length < MIN_ADMIN_KEY_LENGTH) {
      throw new ConfigError(
        'PACKGATE_ADMIN_KEY',
        `${file} holds no usable operator key (fewer than ${MIN_ADMIN_KEY_LENGTH} characters): delete it to generate a new one, or set PACKGATE_ADMIN_KEY`,
      );
    }
    return { adminKey: existing, file, created: false };
  }
}

/** Opens the store, loads signing keys and checks the configuration against them. */
export async function createContext(
  config: PackgateConfig,
  options: ContextOptions = {},
): Promise<{ ctx: AppContext; adminKeySource: AdminKeySource }> {
  const clock = options.clock ?? systemClock;
  const logger =
    options.logger ?? createLogger(config, options.logTo === 'stderr' ? pino.destination(2) : undefined);
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    ...options.database,
  });
  let keysRing: SigningKeyRing | undefined;
  try {
    const keys = await SigningKeyRing.open(store, clock, config, logger);
    checkTokenLengthFits(keys.signingKey(), baseUrisFor(config, 'm'.repeat(28)).authBaseUri);
    keysRing = keys;
    keys.start(keyRefreshIntervalMs(store, config));
    const adminKeySource = resolveAdminKey(config);
    const revocations = new RevocationList(store, clock);
    await revocations.start();
    const usage = new UsageRecorder(store, clock, logger);
    usage.start();
    const expiryWatcher = new ExpiryWatcher(store, clock, logger);
    const authFailures = new ClientAuthFailureBursts(store, clock);
    authFailures.start();
    const changeFeed = await openChangeFeed(store, config, options.database?.postgresSchema);
    const metrics = createMetrics({
      now: () => clock.now(),
      revocationListEntries: () => revocations.size,
      connectionPool: () => store.connectionPool(),
      earliestSecretExpiries: () => store.secrets.earliestExpiryPerTenant(),
    });
    const lookups = {
      client: [
        metrics.directoryLookups.series('client', 'miss'),
        metrics.directoryLookups.series('client', 'hit'),
      ],
      tenant: [
        metrics.directoryLookups.series('tenant', 'miss'),
        metrics.directoryLookups.series('tenant', 'hit'),
      ],
    } as const;
    const faults = new FaultRules({ store, feed: changeFeed, logger });
    await faults.reload();
    const ctx: AppContext = {
      config,
      store,
      clock,
      directory: new ClientDirectory(store, config, clock, changeFeed, (cache, hit) =>
        lookups[cache][hit ? 1 : 0].inc(),
      ),
      changeFeed,
      keys,
      verifier: new AccessTokenVerifier(keys, revocations, clock),
      revocations,
      usage,
      expiryWatcher,
      authFailures,
      metrics,
      rateLimits: await createRateLimits(config, clock, logger, options.rateLimitKeyPrefix, (limit) =>
        metrics.rateLimitRejections.series(limit).inc(),
      ),
      logger,
      faults,
      journal: new RequestJournal(config.journalSize, clock),
      adminKey: adminKeySource.adminKey,
    };
    return { ctx, adminKeySource };
  } catch (err) {
    keysRing?.stop();
    await store.close();
    throw err;
  }
}

/**
 * How often an instance re-reads the signing keys: on a shared store well within the
 * propagation period (a next key must be known everywhere before it signs), else once a minute
 * (the schedule only).
 */
export function keyRefreshIntervalMs(
  store: Pick<Store, 'isShared'>,
  config: Pick<PackgateConfig, 'propagationSeconds'>,
): number {
  if (!store.isShared) return 60_000;
  return Math.min(60_000, Math.max(1000, (config.propagationSeconds * 1000) / 4));
}

/** Instances on one PostgreSQL hear each other's directory changes; one channel per schema. */
async function openChangeFeed(
  store: Store,
  config: PackgateConfig,
  schema: string | undefined,
): Promise<ChangeFeed> {
  if (store.dialect !== 'postgres' || !config.databaseUrl) return localChangeFeed;
  const feed = new PostgresChangeFeed({
    connectionString: config.databaseUrl,
    channel: `packgate_${(schema ?? 'public').slice(0, 50)}`,
    store,
  });
  await feed.start();
  return feed;
}

/**
 * Ends a context: stops every timer and feed `createContext` started, then closes the store. The
 * one way to end one (the server's shutdown, scripts, tests), so none is left polling a closed store.
 */
export async function closeContext(ctx: AppContext): Promise<void> {
  await ctx.rateLimits.close();
  ctx.revocations.stop();
  ctx.keys.stop();
  await ctx.usage.stop();
  ctx.expiryWatcher.stop();
  await ctx.authFailures.stop();
  await ctx.changeFeed.close();
  await ctx.store.close();
}
