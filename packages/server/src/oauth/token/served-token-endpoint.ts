import type { AppContext } from '../../app-context.js';
import { withTokenFaults } from '../../faults/fault-hooks.js';
import { withTokenJournal } from '../../journal/journal-hooks.js';
import { createTokenEndpoint, type TokenEndpoint, type TokenRequest } from './token-endpoint.js';

/**
 * The token endpoint as both transports serve it (token-fast-path.ts, token-route.ts): fault
 * rules and the request journal around the endpoint function, since Fastify hooks do not see
 * the fast path (decision 0002). The journal is outermost, so it records fault answers too.
 * The benchmarks call this very function, so they measure what is served.
 */
export function createServedTokenEndpoint(ctx: AppContext): TokenEndpoint {
  const firedOn = new WeakMap<TokenRequest, readonly string[]>();
  return withTokenJournal(
    withTokenFaults(createTokenEndpoint(ctx), ctx, (request, ids) => firedOn.set(request, ids)),
    ctx,
    (request) => firedOn.get(request),
  );
}
