import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { sendOAuthError } from '../errors/send-error.js';
import { ClientAuthenticationFailed } from './client-auth/authenticate-client.js';
import { registerMetadataRoutes } from './metadata/metadata-routes.js';
import { parseOAuthBody } from './parse-parameters.js';
import type { TokenEndpoint } from './token/token-endpoint.js';
import { registerTokenRoute } from './token/token-route.js';
import { registerUserContextRoutes, userContextMetadata } from './user-context-routes.js';

/** Protocol bodies are small; anything larger is refused before parsing (64 KiB). */
export const AUTH_BODY_LIMIT_BYTES = 64 * 1024;

/** The auth base URI's routes, in their own scope: form bodies and OAuth-shaped errors. */
export async function authRoutes(
  app: FastifyInstance,
  opts: { ctx: AppContext; tokenEndpoint: TokenEndpoint },
): Promise<void> {
  const { ctx } = opts;
  // OAuth bodies are JSON or form parameters only (PRODUCT.md §4): no text/plain fallback, and
  // the same parsers as the token endpoint's fast path.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  for (const mediaType of ['application/json', 'application/x-www-form-urlencoded']) {
    app.addContentTypeParser(
      mediaType,
      { parseAs: 'string', bodyLimit: AUTH_BODY_LIMIT_BYTES },
      (_req, body, done) => {
        try {
          done(null, parseOAuthBody(mediaType, body as string));
        } catch (err) {
          done(err as Error, undefined);
        }
      },
    );
  }
  app.setErrorHandler((err, req, reply) => {
    // For the request's log line (observability/observe-requests.ts): why client authentication failed.
    if (err instanceof ClientAuthenticationFailed) req.authFailure = err;
    return sendOAuthError(reply, err);
  });
  registerTokenRoute(app, opts.tokenEndpoint);
  registerMetadataRoutes(app, ctx, userContextMetadata);
  await registerUserContextRoutes(app, ctx);
}
