import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../app-context.js';
import type { Actor } from '../setup/audit.js';
import { createSetupLink, SETUP_LINK_TTL_SECONDS } from '../setup/sessions/setup-link-service.js';
import { ErrorBody } from './admin-schemas.js';

const SetupLinkBody = Type.Object({
  url: Type.String({ description: 'Open it in a browser: it signs the operator in to the Setup UI once.' }),
  expiresAt: Type.String({ description: `ISO 8601; ${SETUP_LINK_TTL_SECONDS / 60} minutes after creation` }),
});

/** `POST /admin/v1/setup-links`: a fresh one-time operator sign-in link (`packgate setup-link`). */
export function registerSetupLinkRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  actorOf: (req: unknown) => Actor,
): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/setup-links',
    {
      schema: {
        operationId: 'createSetupLink',
        summary: 'Create a one-time operator sign-in link for the Setup UI',
        description: `Single use, valid ${SETUP_LINK_TTL_SECONDS / 60} minutes. Opening it shows a button; only pressing it spends the link.`,
        tags: ['setup-ui'],
        response: { 201: SetupLinkBody, 401: ErrorBody, 429: ErrorBody },
      },
    },
    async (req, reply) => {
      const link = await createSetupLink(ctx.store, actorOf(req), ctx.config.publicUrl, ctx.clock.now());
      reply.header('cache-control', 'no-store');
      return reply.code(201).send({ url: link.url, expiresAt: new Date(link.expiresAt).toISOString() });
    },
  );
}
