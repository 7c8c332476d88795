import type { AppContext } from '../../app-context.js';
import { type BearerContext, BearerRejected } from './authenticate-bearer.js';

/**
 * Counts a resource request (REST or SOAP: one budget) against its token's `client_id` and
 * throws once `PACKGATE_REST_RATE_LIMIT_PER_MINUTE` is spent. Runs after the bearer check, so
 * only requests with a valid token are counted, and each against its own client.
 */
export async function checkClientBudget(ctx: AppContext, bearer: BearerContext): Promise<void> {
  const limiter = ctx.rateLimits.resources;
  if (limiter === undefined) return;
  const retryAfterSeconds = await limiter.consume(bearer.claims.client_id);
  if (retryAfterSeconds > 0) throw new BearerRejected({ kind: 'rate-limited', retryAfterSeconds });
}
