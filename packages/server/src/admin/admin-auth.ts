import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.js';
import { TooManyRequests, Unauthenticated } from '../errors/admin-errors.js';
import { WINDOW_MS } from '../rate-limits/fixed-window.js';
import { sourceAddressKey } from '../rate-limits/source-address-key.js';
import { type Actor, recordAudit } from '../setup/audit.js';

type AuthContext = Pick<AppContext, 'adminKey' | 'rateLimits' | 'store' | 'clock' | 'logger'>;

/**
 * Checks `Authorization: Bearer {operator key}` in constant time, within a budget of wrong keys
 * per source address (`PACKGATE_ADMIN_KEY_FAILURES_PER_MINUTE`). Every presented key is counted
 * before it is compared and given back when it is right, so concurrent guesses cannot outrun the
 * budget.
 *
 * Once the budget is spent, every request from that address is refused until the window ends —
 * the right key too. Letting the right key through would keep comparing guesses at full speed
 * (a 429 for wrong keys and a 200 for the right one is the same oracle as 401/200), so the limit
 * would limit nothing. The price is that someone sharing the operator's address (the same NAT,
 * or every client behind a reverse proxy not named in PACKGATE_TRUSTED_PROXIES) can lock the
 * operator out for at most the rest of a minute per 20 wrong keys; such deployments raise the
 * setting or set it to 0.
 */
export function createAdminAuthenticator(ctx: AuthContext) {
  const expected = createHash('sha256').update(ctx.adminKey).digest();
  const limiter = ctx.rateLimits.adminKey;
  return async function checkAdminKey(request: FastifyRequest): Promise<Actor> {
    const header = request.headers.authorization;
    const match = header === undefined ? null : /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) {
      // No key, no guess: not counted.
      throw new Unauthenticated('Send the operator key as "Authorization: Bearer <key>".');
    }
    const who: Actor = { actor: 'operator', sourceIp: request.ip };
    const attempt = limiter ? await limiter.reserve(sourceAddressKey(request.ip)) : undefined;
    if (attempt && attempt.retryAfterSeconds > 0) {
      // The first refusal of a window (exactly one, across instances: the count is atomic).
      if (attempt.count === (limiter?.limitPerMinute ?? 0) + 1)
        await auditBurst(ctx, request.ip, attempt.count);
      throw new TooManyRequests(
        `Too many wrong operator keys from this address: try again in ${attempt.retryAfterSeconds} seconds.`,
        attempt.retryAfterSeconds,
      );
    }
    const given = createHash('sha256').update(match[1]).digest();
    if (!timingSafeEqual(given, expected)) throw new Unauthenticated('The operator key is not valid.');
    await attempt?.release();
    return who;
  };
}

/** One event per window and address when its budget is first exceeded, not one per wrong key. */
async function auditBurst(ctx: AuthContext, sourceIp: string, count: number): Promise<void> {
  const failedAttempts = count - 1;
  try {
    await recordAudit(
      ctx.store,
      { actor: 'anonymous', sourceIp },
      {
        tenantId: null,
        action: 'admin_key.rejected_burst',
        target: 'admin_key',
        details: { failedAttempts, windowSeconds: WINDOW_MS / 1000 },
        at: ctx.clock.now(),
      },
    );
  } catch (err) {
    // The refusal stands without its audit row; the operator still learns of it from the log.
    ctx.logger.error({ err, sourceIp, failedAttempts }, 'could not record admin_key.rejected_burst');
  }
}
