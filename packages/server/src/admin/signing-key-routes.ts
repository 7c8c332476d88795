import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import type { Actor } from '../setup/audit.js';
import type { SigningKeyRecord } from '../storage/records.js';
import type { KeyTimeline } from '../tokens/signing-key-schedule.js';
import { ErrorBody, itemsOf, SigningKeyBody, SigningKeyRotationBody } from './admin-schemas.js';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

function presentSigningKey(t: KeyTimeline<SigningKeyRecord>) {
  return {
    kid: t.key.kid,
    alg: t.key.alg,
    generation: t.key.generation,
    status: t.status,
    createdAt: new Date(t.key.createdAt).toISOString(),
    activatesAt: new Date(t.key.activatesAt).toISOString(),
    ...(t.supersededAt === undefined ? {} : { supersededAt: iso(t.supersededAt) }),
    ...(t.unpublishAt === undefined ? {} : { unpublishAt: iso(t.unpublishAt) }),
  };
}

/** Token-signing keys (docs/reference/signing-keys.md): server-wide, never a private key. */
export function registerSigningKeyRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  actorOf: (req: unknown) => Actor,
): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/signing-keys',
    {
      schema: {
        tags: ['signing keys'],
        operationId: 'listSigningKeys',
        summary: 'List the token-signing keys and where each is in its rotation',
        response: { 200: itemsOf(SigningKeyBody), 401: ErrorBody },
      },
    },
    async () => ({ items: (await ctx.keys.describe()).map(presentSigningKey) }),
  );

  r.post(
    '/signing-keys/rotate',
    {
      schema: {
        tags: ['signing keys'],
        operationId: 'rotateSigningKey',
        summary: 'Publish the next signing key now; it signs after one propagation period',
        description:
          'Creates the next key (201), or returns the key already waiting to sign (200, `created: false`). ' +
          'The replaced key stays in the JWKS until every token it signed has expired.',
        response: { 200: SigningKeyRotationBody, 201: SigningKeyRotationBody, 401: ErrorBody },
      },
    },
    async (req, reply) => {
      const next = await ctx.keys.rotate(actorOf(req));
      const timeline = (await ctx.keys.describe()).find((t) => t.key.kid === next.record.kid);
      const key = presentSigningKey(
        timeline ?? { key: next.record, status: 'next', supersededAt: undefined, unpublishAt: undefined },
      );
      return reply.code(next.created ? 201 : 200).send({ created: next.created, key });
    },
  );
}
