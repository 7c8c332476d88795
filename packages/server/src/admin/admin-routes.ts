import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.js';
import { NotFound } from '../errors/admin-errors.js';
import { sendAdminError } from '../errors/send-error.js';
import type { Actor } from '../setup/audit.js';
import { isStorableText } from '../storage/storable-text.js';
import { createAdminAuthenticator } from './admin-auth.js';
import { checkStorableText } from './check-storable-text.js';
import { registerDataExtensionRoutes } from './data-extension-routes.js';
import { registerFaultRoutes } from './fault-routes.js';
import { registerFidelityRoutes } from './fidelity-routes.js';
import { registerFolderRoutes } from './folder-routes.js';
import { registerGovernanceRoutes } from './governance-routes.js';
import { type HostModeInfo, registerHostModeRoutes } from './host-mode-routes.js';
import { registerIntegrationRoutes } from './integration-routes.js';
import { registerJournalRoutes } from './journal-routes.js';
import { registerPackageRoutes } from './package-routes.js';
import { registerSeedRoutes } from './seed-routes.js';
import { registerSetupLinkRoutes } from './setup-link-routes.js';
import { registerSigningKeyRoutes } from './signing-key-routes.js';
import { registerTenantRoutes } from './tenant-routes.js';
import { registerUserRoutes } from './user-routes.js';

/** `/admin/v1` (PRODUCT.md §7): operator-key protected, JSON, validated by TypeBox schemas. */
export async function adminRoutes(
  app: FastifyInstance,
  opts: { ctx: AppContext; hostMode?: HostModeInfo | undefined },
): Promise<void> {
  const { ctx } = opts;
  const checkAdminKey = createAdminAuthenticator(ctx);
  const actors = new WeakMap<object, Actor>();
  app.addHook('onRequest', async (req) => {
    actors.set(req, await checkAdminKey(req));
  });
  app.addHook('preValidation', async (req) => {
    // An id in the URL that is not storable text names nothing: unknown, like any missing id.
    const ids = Object.values(req.params as Record<string, unknown>);
    if (ids.some((id) => typeof id === 'string' && !isStorableText(id))) {
      throw new NotFound('No such resource.');
    }
    checkStorableText(req.query);
    checkStorableText(req.body);
  });
  app.setErrorHandler((err, _req, reply) => sendAdminError(reply, err));
  // JSON only: a text/plain body would otherwise reach the schemas as a string.
  app.removeContentTypeParser('text/plain');
  const actorOf = (req: unknown): Actor =>
    actors.get(req as FastifyRequest) ?? { actor: 'operator', sourceIp: 'unknown' };
  registerTenantRoutes(app, ctx, actorOf);
  registerPackageRoutes(app, ctx, actorOf);
  registerIntegrationRoutes(app, ctx, actorOf);
  registerDataExtensionRoutes(app, ctx, actorOf);
  registerFolderRoutes(app, ctx);
  registerUserRoutes(app, ctx, actorOf);
  registerHostModeRoutes(app, ctx, opts.hostMode);
  registerSigningKeyRoutes(app, ctx, actorOf);
  registerGovernanceRoutes(app, ctx);
  registerSeedRoutes(app, ctx, actorOf);
  registerFidelityRoutes(app, ctx, actorOf);
  registerFaultRoutes(app, ctx, actorOf);
  registerJournalRoutes(app, ctx, actorOf);
  registerSetupLinkRoutes(app, ctx, actorOf);
}
