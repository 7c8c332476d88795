import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { InvalidRequest } from '../errors/oauth-errors.js';
import { sendOAuthError } from '../errors/send-error.js';
import { registerMetadataRoutes } from './metadata/metadata-routes.js';
import { parseFormParameters } from './parse-parameters.js';
import { registerTokenRoute } from './token/token-route.js';
import { registerUserContextRoutes, userContextMetadata } from './user-context-routes.js';

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
  // Plain JSON.parse: the values are copied into a null-prototype parameter map right after
  // (toOAuthParameters), so prototype keys cannot pollute anything and need no scan.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: AUTH_BODY_LIMIT_BYTES },
    (_req, body, done) => {
      if (body === '') return done(new InvalidRequest('The JSON body is empty.'), undefined);
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new InvalidRequest('The request body is not valid JSON.'), undefined);
      }
    },
  );
  app.setErrorHandler((err, _req, reply) => sendOAuthError(reply, err));
  registerTokenRoute(app, ctx);
  registerMetadataRoutes(app, ctx, userContextMetadata);
  await registerUserContextRoutes(app, ctx);
}
