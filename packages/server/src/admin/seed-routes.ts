import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../app-context.js';
import { BadRequest } from '../errors/admin-errors.js';
import type { Actor } from '../setup/audit.js';
import { applySeed } from '../setup/seed/apply-seed.js';
import { exportSeed } from '../setup/seed/export-seed.js';
import { parseSeed } from '../setup/seed/parse-seed.js';
import { SeedError } from '../setup/seed/seed-error.js';
import { ErrorBody } from './admin-schemas.js';

/** A seed document with rows can be large: more than the admin API's usual 64 KiB. */
export const SEED_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

const ExportQuery = Type.Object(
  {
    secrets: Type.Optional(
      Type.Enum(['hashes', 'omit'], {
        description:
          '`hashes` (default): secrets as SHA-256 and passwords as scrypt hashes; `omit`: neither.',
      }),
    ),
  },
  { additionalProperties: false },
);

const SeedReportBody = Type.Object({
  changes: Type.Array(Type.String()),
  generatedSecrets: Type.Array(
    Type.Object({ path: Type.String(), clientId: Type.String(), clientSecret: Type.String() }),
  ),
  tenants: Type.Array(Type.String({ description: 'subdomains, in file order' })),
});

/** `GET /export` and `PUT /seed`: the whole environment as a seed document (decision 0006). */
export function registerSeedRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  actorOf: (req: unknown) => Actor,
): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['seed'];

  r.get(
    '/export',
    {
      schema: {
        operationId: 'exportSeed',
        summary: 'Export every tenant as a seed document (the format `packgate serve --seed` reads)',
        tags,
        querystring: ExportQuery,
        // Sent as built (rows are free-form records): the schema is the published seed schema.
        response: {
          200: Type.Unknown({ description: 'A seed document (docs/reference/seed.schema.json).' }),
          400: ErrorBody,
          401: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return exportSeed(ctx, { secrets: req.query.secrets ?? 'hashes' });
    },
  );

  r.put(
    '/seed',
    {
      bodyLimit: SEED_BODY_LIMIT_BYTES,
      schema: {
        operationId: 'applySeed',
        summary: 'Apply a seed document idempotently (as `--seed` does at start); answers what changed',
        description:
          'The body is validated against docs/reference/seed.schema.json; a problem answers 400 with `field` = the place in the document (e.g. `tenants[0].packages[1].integration.clientId`). Secrets generated for integrations the document gives none are in the answer, once.',
        tags,
        body: Type.Unknown({ description: 'A seed document (docs/reference/seed.schema.json).' }),
        response: { 200: SeedReportBody, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (req, reply) => {
      let applied: Awaited<ReturnType<typeof applySeed>>;
      try {
        applied = await applySeed(ctx, parseSeed(JSON.stringify(req.body ?? null)), actorOf(req));
      } catch (err) {
        if (err instanceof SeedError) throw new BadRequest(err.message, { field: err.path || undefined });
        throw err;
      }
      reply.header('cache-control', 'no-store');
      return {
        changes: applied.changes,
        generatedSecrets: applied.generatedSecrets,
        tenants: applied.tenants.map((t) => t.subdomain),
      };
    },
  );
}
