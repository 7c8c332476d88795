import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import {
  AggregateValidationFailed,
  additionalError,
  ResourceNotFound,
  sendResourceError,
  ValidationFailed,
} from '../errors/resource-errors.js';
import { baseUrisFor } from '../setup/tenants/base-uris.js';
import { addBearerHook } from './bearer/bearer-hook.js';
import { checkStorableRequest } from './check-storable-request.js';
import { AsyncRowProcessor } from './data-extensions/async-processor.js';
import { registerAsyncRowRoutes } from './data-extensions/async-row-routes.js';
import { registerReadRowRoutes } from './data-extensions/read-row-routes.js';
import { InvalidRowQuery } from './data-extensions/row-query.js';
import { registerSyncRowRoutes } from './data-extensions/sync-row-routes.js';
import { RowsRejected } from './data-extensions/write-rows.js';
import { registerPlatformRoutes } from './platform/platform-routes.js';

/** Domain errors of the Data Extension code, in the REST API's words. */
function toRestError(err: unknown): unknown {
  if (err instanceof RowsRejected) {
    return new AggregateValidationFailed('Unable to save rows for data extension: nothing was saved.', {
      additionalErrors: err.problems.map(additionalError),
    });
  }
  if (err instanceof InvalidRowQuery) return new ValidationFailed(err.message);
  return err;
}

/** The realm of the 401 challenge: the tenant's REST base URI (only a well-formed subdomain). */
function realmOf(ctx: AppContext, params: unknown): string {
  const subdomain = (params as { subdomain?: unknown } | undefined)?.subdomain;
  return typeof subdomain === 'string' && /^[a-z0-9-]{1,63}$/i.test(subdomain)
    ? baseUrisFor(ctx.config, subdomain).restBaseUri
    : ctx.config.publicUrl;
}

/**
 * The REST resource API (`{rest}…`, PRODUCT.md §3, §5) in its own scope: every route passes
 * the bearer hook; errors use Marketing Cloud's `{message, errorcode, documentation}` shape.
 */
export async function restResourceRoutes(app: FastifyInstance, opts: { ctx: AppContext }): Promise<void> {
  const { ctx } = opts;
  const processor = new AsyncRowProcessor(ctx.store, ctx.clock, ctx.logger);
  app.addHook('onReady', () => processor.resumePending());
  app.addHook('onClose', () => processor.stop());
  app.setErrorHandler((err, req, reply) =>
    sendResourceError(reply, toRestError(err), realmOf(ctx, req.params)),
  );
  // Row APIs take JSON only: anything else is 415, not a string the schema then rejects.
  app.removeContentTypeParser('text/plain');
  addBearerHook(app, ctx);
  // A callback hook, like the bearer check: no promise ticks on the tokenContext hot path.
  app.addHook('preValidation', (req, _reply, done) => {
    try {
      checkStorableRequest(req);
    } catch (err) {
      done(err as Error);
      return;
    }
    done();
  });
  registerPlatformRoutes(app);
  registerSyncRowRoutes(app, ctx);
  registerReadRowRoutes(app, ctx);
  registerAsyncRowRoutes(app, ctx, processor);
  app.all('/:subdomain/rest/*', { schema: { hide: true } }, async (req) => {
    throw new ResourceNotFound(`No endpoint exists for ${req.method} ${req.url.split('?')[0]}.`);
  });
}
