import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { sendOAuthError } from '../errors/send-error.js';
import { registerMetadataRoutes } from './metadata/metadata-routes.js';
import { parseFormParameters } from './parse-parameters.js';
import { registerTokenRoute } from './token/token-route.js';

/** Protocol bodies are small; anything larger is refused before parsing (64 KiB). */
export const AUTH_BODY_LIMIT_BYTES = 64 * 1024;

/** The auth base URI's routes, in their own scope: form bodies and OAuth-shaped errors. */
export async function authRoutes(app: FastifyInstance, opts: { ctx: AppContext }): Promise<void> {
  const { ctx } = opts;
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: AUTH_BODY_LIMIT_BYTES },
    (_req, body, done) => {
      try {
        done(null, parseFormParameters(body as string));
      } catch (err) {
        done(err as Error, undefined);
      }
    },
  );
  // OAuth bodies are JSON or form parameters only (PRODUCT.md §4): no text/plain fallback.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler((err, _req, reply) => sendOAuthError(reply, err));
  registerTokenRoute(app, ctx);
  registerMetadataRoutes(app, ctx);
}
