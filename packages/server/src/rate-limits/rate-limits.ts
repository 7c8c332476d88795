import type { Logger } from 'pino';
import type { PackgateConfig } from '../config/config.js';
import type { Clock } from '../setup/directory/clock.js';
import { MemoryRateLimiter } from './memory-rate-limiter.js';
import type { RateLimiter } from './rate-limiter.js';
import { RedisCounters } from './redis-counters.js';
import { RedisRateLimiter } from './redis-rate-limiter.js';

/** The limits of one app instance. A limit set to 0 is `undefined`, so its endpoint does no work for it. */
export interface RateLimits {
  /** Token requests per authenticated client id (`PACKGATE_TOKEN_RATE_LIMIT_PER_MINUTE`). */
  readonly token: RateLimiter | undefined;
  /** REST and SOAP requests per token `client_id` (`PACKGATE_REST_RATE_LIMIT_PER_MINUTE`). */
  readonly resources: RateLimiter | undefined;
  close(): Promise<void>;
}

type LimitSettings = Pick<PackgateConfig, 'redisUrl' | 'restRateLimitPerMinute' | 'tokenRateLimitPerMinute'>;

/** In memory by default; in Redis, shared by every instance, when `PACKGATE_REDIS_URL` is set. */
export function createRateLimits(config: LimitSettings, clock: Clock, logger: Logger): RateLimits {
  const anyLimit = config.restRateLimitPerMinute > 0 || config.tokenRateLimitPerMinute > 0;
  const counters =
    config.redisUrl && anyLimit ? new RedisCounters(config.redisUrl, clock, logger) : undefined;
  const limiter = (name: string, limitPerMinute: number): RateLimiter | undefined => {
    if (limitPerMinute === 0) return undefined;
    return counters
      ? new RedisRateLimiter(counters, name, limitPerMinute, clock)
      : new MemoryRateLimiter(limitPerMinute, clock);
  };
  return {
    token: limiter('token', config.tokenRateLimitPerMinute),
    resources: limiter('rest', config.restRateLimitPerMinute),
    close: async () => counters?.close(),
  };
}
