import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { AppContext } from '../../app-context.js';
import {
  InsufficientPrivileges,
  NotAuthorized,
  RateLimited,
  WrongTenant,
} from '../../errors/resource-errors.js';
import { sendAnswer } from '../../errors/send-error.js';
import { restFaultAnswer } from '../../faults/fault-answers.js';
import { bearerFaultRequest, dropConnection, faultedBearer } from '../../faults/fault-hooks.js';
import {
  authenticateBearer,
  type BearerContext,
  BearerRejected,
  checkScope,
  readBearerToken,
} from './authenticate-bearer.js';
import { checkClientBudget } from './check-client-budget.js';

/** The request was answered by a fault rule (a status, or a dropped connection). */
const ANSWERED = Symbol('answered by a fault rule');

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
 * Cloud's REST errors. Attached to each route as it is registered, with the route's scope read
 * once (`request.routeOptions` builds a fresh object on every access). A callback hook, not an
 * async one: with the token and tenant in memory (the usual case) the whole check is
 * synchronous and costs the request no promise ticks.
 */
export function addBearerHook(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('bearer', null);
  app.addHook('onRoute', (route) => {
    const hook = bearerHookFor(ctx, route.config?.scope);
    const existing = route.onRequest;
    route.onRequest = existing === undefined ? [hook] : [hook, ...[existing].flat()];
  });
}

function bearerHookFor(ctx: AppContext, scope: string | undefined): onRequestHookHandler {
  const admit = (bearer: BearerContext): BearerContext | Promise<BearerContext> => {
    const spent = checkClientBudget(ctx, bearer);
    const finish = () => {
      checkScope(bearer, scope);
      // Access review: calls per route scope, counted in memory (flushed in batches).
      if (scope !== undefined) ctx.usage.recordScope(bearer.claims.client_id, scope, ctx.clock.now());
      return bearer;
    };
    return spent instanceof Promise ? spent.then(finish) : finish();
  };
  return (req, reply, done) => {
    const { subdomain } = req.params as { subdomain: string };
    const accept = (bearer: BearerContext) => {
      req.bearer = bearer;
      done();
    };
    const reject = (err: unknown) => {
      if (err !== ANSWERED) done(restErrorFor(err) as Error);
    };
    // Fault rules (faults/): nothing to do, synchronously, for a tenant without rules.
    const faulted = (bearer: BearerContext): BearerContext | Promise<BearerContext> => {
      req.bearer = bearer; // already here, so the journal names the client of a refused request too
      const outcome = ctx.faults.evaluate(
        bearer.tenant.tenant.id,
        bearerFaultRequest('rest', bearer, { method: req.method, url: req.url }),
      );
      if (outcome === undefined) return admit(bearer);
      return outcome.then((o) => {
        ctx.faults.noteFired(req.raw, o);
        const effect = o?.effect;
        if (effect?.type === 'drop') {
          dropConnection(ctx, req, reply, bearer.tenant.tenant.id);
          throw ANSWERED;
        }
        if (effect?.type === 'status') {
          sendAnswer(reply, restFaultAnswer(effect.status, bearer.tenant.baseUris.restBaseUri));
          throw ANSWERED;
        }
        return admit(faultedBearer(effect, bearer));
      });
    };
    let checked: BearerContext | Promise<BearerContext>;
    try {
      const bearer = authenticateBearer(ctx, subdomain, readBearerToken(req.headers.authorization));
      checked = bearer instanceof Promise ? bearer.then(faulted) : faulted(bearer);
    } catch (err) {
      reject(err);
      return;
    }
    if (checked instanceof Promise) checked.then(accept, reject);
    else accept(checked);
  };
}

/** A bearer rejection in Marketing Cloud's REST words (PRODUCT.md §5); other errors pass. */
function restErrorFor(err: unknown): unknown {
  if (!(err instanceof BearerRejected)) return err;
  const { failure } = err;
  if (failure.kind === 'wrong-tenant') {
    return new WrongTenant(
      'The access token is not valid for this tenant: use the REST base URI returned with it.',
    );
  }
  if (failure.kind === 'rate-limited') return new RateLimited(failure.retryAfterSeconds);
  if (failure.kind === 'insufficient-scope') {
    return new InsufficientPrivileges('Insufficient Privileges to complete this action.');
  }
  return new NotAuthorized(failure.kind !== 'missing');
}

/** The checked bearer of a request inside the resource API. */
export function bearerOf(req: FastifyRequest): BearerContext {
  if (!req.bearer) throw new Error('bearer hook did not run');
  return req.bearer;
}
