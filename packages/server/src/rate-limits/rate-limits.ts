import type { Logger } from 'pino';
import type { PackgateConfig } from '../config/config.js';
import type { Clock } from '../setup/directory/clock.js';
import { MemoryRateLimiter } from './memory-rate-limiter.js';
import type { RateLimiter } from './rate-limiter.js';
import { RATE_LIMIT_KEY_PREFIX, RedisCounters } from './redis-counters.js';
import { RedisRateLimiter } from './redis-rate-limiter.js';

/** Failed sign-ins per username and minute; then the form stops checking passwords for it. */
export const LOGIN_FAILURES_PER_USERNAME_PER_MINUTE = 10;

/** The limits of one app instance. A limit set to 0 is `undefined`, so its endpoint does no work for it. */
export interface RateLimits {
  /** Token requests per authenticated client id (`PACKGATE_TOKEN_RATE_LIMIT_PER_MINUTE`). */
  readonly token: RateLimiter | undefined;
  /** REST and SOAP requests per token `client_id` (`PACKGATE_REST_RATE_LIMIT_PER_MINUTE`). */
  readonly resources: RateLimiter | undefined;
  /** Failed sign-ins per tenant and username ({@link LOGIN_FAILURES_PER_USERNAME_PER_MINUTE}). */
  readonly loginUsername: RateLimiter;
  /** Failed sign-ins per source address (`PACKGATE_LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE`). */
  readonly loginAddress: RateLimiter | undefined;
  /** Wrong operator keys per source address (`PACKGATE_ADMIN_KEY_FAILURES_PER_MINUTE`). */
  readonly adminKey: RateLimiter | undefined;
  /**
   * The token budget for a tenant's own limit (fidelity switch `tokenRateLimitPerMinute`): `token`
   * when it equals the configured one, undefined for 0. Counters are per client id either way.
   */
  tokenFor(limitPerMinute: number): RateLimiter | undefined;
  /** The same for REST and SOAP (`restRateLimitPerMinute`). */
  resourcesFor(limitPerMinute: number): RateLimiter | undefined;
  close(): Promise<void>;
}

/** Distinct per-tenant limits kept per budget (each a limiter); more fall back to the global one. */
const MAX_DISTINCT_LIMITS = 64;

type LimitSettings = Pick<
  PackgateConfig,
  | 'redisUrl'
  | 'restRateLimitPerMinute'
  | 'tokenRateLimitPerMinute'
  | 'loginFailuresPerAddressPerMinute'
  | 'adminKeyFailuresPerMinute'
>;

/** In memory by default; in Redis, shared by every instance, when `PACKGATE_REDIS_URL` is set. */
export function createRateLimits(
  config: LimitSettings,
  clock: Clock,
  logger: Logger,
  keyPrefix = RATE_LIMIT_KEY_PREFIX,
): RateLimits {
  // Lazy: the connection opens with the first counted request (the login throttle is always on).
  const counters = config.redisUrl ? new RedisCounters(config.redisUrl, clock, logger, keyPrefix) : undefined;
  const requests = (name: string, limitPerMinute: number): RateLimiter | undefined => {
    if (limitPerMinute === 0) return undefined;
    return counters
      ? new RedisRateLimiter(counters, name, limitPerMinute, clock)
      : new MemoryRateLimiter(limitPerMinute, clock);
  };
  // Failure budgets keep counting in memory while Redis is out (see RedisRateLimiter).
  const failures = (name: string, limitPerMinute: number): RateLimiter => {
    const memory = new MemoryRateLimiter(limitPerMinute, clock);
    return counters ? new RedisRateLimiter(counters, name, limitPerMinute, clock, memory) : memory;
  };
  const optionalFailures = (name: string, limitPerMinute: number) =>
    limitPerMinute === 0 ? undefined : failures(name, limitPerMinute);
  const token = requests('token', config.tokenRateLimitPerMinute);
  const resources = requests('rest', config.restRateLimitPerMinute);
  // One limiter per distinct limit: a client belongs to one tenant, so with Redis the counter
  // (per budget and client id) is the same whatever the limit; only the threshold differs.
  const perLimit = (name: string, base: RateLimiter | undefined, configured: number) => {
    const limiters = new Map<number, RateLimiter>();
    return (limitPerMinute: number): RateLimiter | undefined => {
      if (limitPerMinute === configured) return base;
      if (limitPerMinute === 0) return undefined;
      let limiter = limiters.get(limitPerMinute);
      if (limiter === undefined) {
        if (limiters.size >= MAX_DISTINCT_LIMITS) return base;
        limiter = requests(name, limitPerMinute);
        if (limiter) limiters.set(limitPerMinute, limiter);
      }
      return limiter;
    };
  };
  return {
    token,
    resources,
    tokenFor: perLimit('token', token, config.tokenRateLimitPerMinute),
    resourcesFor: perLimit('rest', resources, config.restRateLimitPerMinute),
    loginUsername: failures('login-user', LOGIN_FAILURES_PER_USERNAME_PER_MINUTE),
    loginAddress: optionalFailures('login-addr', config.loginFailuresPerAddressPerMinute),
    adminKey: optionalFailures('admin-key', config.adminKeyFailuresPerMinute),
    close: async () => counters?.close(),
  };
}
