import type { AppContext } from '../../app-context.js';
import { type BearerContext, BearerRejected } from './authenticate-bearer.js';

/**
 * Counts a resource request (REST or SOAP: one budget) against its token's `client_id` and
 * throws once `PACKGATE_REST_RATE_LIMIT_PER_MINUTE` is spent. Runs after the bearer check, so
 * only requests with a valid token are counted, and each against its own client.
 */
export function checkClientBudget(ctx: AppContext, bearer: BearerContext): void | Promise<void> {
  const limiter = ctx.rateLimits.resourcesFor(bearer.tenant.fidelity.restRateLimitPerMinute);
  if (limiter === undefined) return;
  // The in-memory limiter answers at once; only Redis makes the request wait.
  const retryAfter = limiter.consume(bearer.claims.client_id);
  return retryAfter instanceof Promise ? retryAfter.then(checkWithinBudget) : checkWithinBudget(retryAfter);
}

function checkWithinBudget(retryAfterSeconds: number): void {
  if (retryAfterSeconds > 0) throw new BearerRejected({ kind: 'rate-limited', retryAfterSeconds });
}
