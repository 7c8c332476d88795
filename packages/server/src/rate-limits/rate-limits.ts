import type { Logger } from 'pino';
import type { PackgateConfig } from '../config/config.js';
import type { Clock } from '../setup/directory/clock.js';
import { MemoryRateLimiter } from './memory-rate-limiter.js';
import type { RateLimiter, Reservation } from './rate-limiter.js';
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
  /** With `PACKGATE_REDIS_URL`: resolves when Redis answers, rejects with the reason (`/readyz`). */
  readonly pingRedis: (() => Promise<void>) | undefined;
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

/** The limits as `packgate_rate_limit_rejections_total` names them. */
export type RateLimitName = 'token' | 'rest' | 'login_user' | 'login_address' | 'admin_key';

/** The same limiter, telling `reject` of each refusal (a consume or reserve past the limit). */
function countingRejections(limiter: RateLimiter, reject: () => void): RateLimiter {
  const consumed = (retryAfterSeconds: number) => {
    if (retryAfterSeconds > 0) reject();
    return retryAfterSeconds;
  };
  const reserved = (reservation: Reservation) => {
    if (reservation.retryAfterSeconds > 0) reject();
    return reservation;
  };
  return {
    limitPerMinute: limiter.limitPerMinute,
    consume: (key) => {
      const answer = limiter.consume(key);
      return typeof answer === 'number' ? consumed(answer) : answer.then(consumed);
    },
    reserve: (key) => {
      const answer = limiter.reserve(key);
      return answer instanceof Promise ? answer.then(reserved) : reserved(answer);
    },
  };
}

/** In memory by default; in Redis, shared by every instance, when `PACKGATE_REDIS_URL` is set. */
export async function createRateLimits(
  config: LimitSettings,
  clock: Clock,
  logger: Logger,
  keyPrefix = RATE_LIMIT_KEY_PREFIX,
  /** Told of every refusal, by limit name (`packgate_rate_limit_rejections_total`). */
  onRejected?: (limit: RateLimitName) => void,
): Promise<RateLimits> {
  const counted = (name: RateLimitName, limiter: RateLimiter): RateLimiter =>
    onRejected ? countingRejections(limiter, () => onRejected(name)) : limiter;
  // Lazy: the connection opens with the first counted request (the login throttle is always on).
  const counters = config.redisUrl
    ? await RedisCounters.open(config.redisUrl, clock, logger, keyPrefix)
    : undefined;
  const requests = (metric: RateLimitName, name: string, limitPerMinute: number): RateLimiter | undefined => {
    if (limitPerMinute === 0) return undefined;
    return counted(
      metric,
      counters
        ? new RedisRateLimiter(counters, name, limitPerMinute, clock)
        : new MemoryRateLimiter(limitPerMinute, clock),
    );
  };
  // Failure budgets keep counting in memory while Redis is out (see RedisRateLimiter).
  const failures = (metric: RateLimitName, name: string, limitPerMinute: number): RateLimiter => {
    const memory = new MemoryRateLimiter(limitPerMinute, clock);
    return counted(
      metric,
      counters ? new RedisRateLimiter(counters, name, limitPerMinute, clock, memory) : memory,
    );
  };
  const optionalFailures = (metric: RateLimitName, name: string, limitPerMinute: number) =>
    limitPerMinute === 0 ? undefined : failures(metric, name, limitPerMinute);
  const token = requests('token', 'token', config.tokenRateLimitPerMinute);
  const resources = requests('rest', 'rest', config.restRateLimitPerMinute);
  // One limiter per distinct limit: a client belongs to one tenant, so with Redis the counter
  // (per budget and client id) is the same whatever the limit; only the threshold differs.
  const perLimit = (name: 'token' | 'rest', base: RateLimiter | undefined, configured: number) => {
    const limiters = new Map<number, RateLimiter>();
    return (limitPerMinute: number): RateLimiter | undefined => {
      if (limitPerMinute === configured) return base;
      if (limitPerMinute === 0) return undefined;
      let limiter = limiters.get(limitPerMinute);
      if (limiter === undefined) {
        if (limiters.size >= MAX_DISTINCT_LIMITS) return base;
        limiter = requests(name, name, limitPerMinute);
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
    loginUsername: failures('login_user', 'login-user', LOGIN_FAILURES_PER_USERNAME_PER_MINUTE),
    loginAddress: optionalFailures('login_address', 'login-addr', config.loginFailuresPerAddressPerMinute),
    adminKey: optionalFailures('admin_key', 'admin-key', config.adminKeyFailuresPerMinute),
    pingRedis: counters ? () => counters.ping() : undefined,
    close: async () => counters?.close(),
  };
}
