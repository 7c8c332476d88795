import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.js';
import {
  InsufficientPrivileges,
  NotAuthorized,
  RateLimited,
  WrongTenant,
} from '../../errors/resource-errors.js';
import {
  authenticateBearer,
  type BearerContext,
  BearerRejected,
  checkScope,
  readBearerToken,
} from './authenticate-bearer.js';
import { checkClientBudget } from './check-client-budget.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the resource API's bearer hook before any handler runs. */
    bearer: BearerContext | null;
  }
  interface FastifyContextConfig {
    /** The scope a resource route needs (sfmc-auth.md §7.2); none for platform routes. */
    scope?: string;
  }
}

/**
 * Bearer check and per-client rate limit of every REST resource route, translated to Marketing
 * Cloud's REST errors.
 */
export function addBearerHook(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('bearer', null);
  app.addHook('onRequest', async (req) => {
    const { subdomain } = req.params as { subdomain: string };
    const token = readBearerToken(req.headers.authorization);
    try {
      const bearer = await authenticateBearer(ctx, subdomain, token);
      await checkClientBudget(ctx, bearer);
      checkScope(bearer, req.routeOptions.config.scope);
      req.bearer = bearer;
    } catch (err) {
      if (!(err instanceof BearerRejected)) throw err;
      const { failure } = err;
      if (failure.kind === 'wrong-tenant') {
        throw new WrongTenant(
          'The access token is not valid for this tenant: use the REST base URI returned with it.',
        );
      }
      if (failure.kind === 'rate-limited') throw new RateLimited(failure.retryAfterSeconds);
      if (failure.kind === 'insufficient-scope') {
        throw new InsufficientPrivileges('Insufficient Privileges to complete this action.');
      }
      throw new NotAuthorized(failure.kind !== 'missing');
    }
  });
}

/** The checked bearer of a request inside the resource API. */
export function bearerOf(req: FastifyRequest): BearerContext {
  if (!req.bearer) throw new Error('bearer hook did not run');
  return req.bearer;
}
