import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.js';
import type { Actor } from '../setup/audit.js';
import {
  createIntegration,
  findIntegrationOrThrow,
  setIntegrationAccess,
  updateIntegration,
} from '../setup/packages/integration-service.js';
import { findPackageOrThrow } from '../setup/packages/package-service.js';
import { currentSecret, expiryWarning } from '../setup/secrets/expiry-warning.js';
import { parseDuration } from '../setup/secrets/parse-duration.js';
import {
  activateSecret,
  MAX_GRACE_SECONDS,
  revokeSecret,
  stageSecret,
} from '../setup/secrets/secret-service.js';
import { baseUrisFor } from '../setup/tenants/base-uris.js';
import { findTenantOrThrow } from '../setup/tenants/tenant-service.js';
import {
  AccessRequest,
  ActivateSecretRequest,
  CreateIntegrationRequest,
  ErrorBody,
  IntegrationBody,
  itemsOf,
  PackageParams,
  RevokedSecretBody,
  SecretBody,
  SecretParams,
  StageSecretRequest,
  UpdateIntegrationRequest,
} from './admin-schemas.js';
import { presentIntegration, presentSecret } from './present.js';

/** Generate and Activate take optional options: a POST without a body means none. */
function emptyBodyAsObject(req: FastifyRequest, _reply: unknown, done: () => void): void {
  req.body ??= {};
  done();
}

/** A package's API Integration: create, read, scopes and redirect URIs, BU access, secrets. */
export function registerIntegrationRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  actorOf: (req: unknown) => Actor,
): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody };
  const tags = ['integrations'];
  const base = '/tenants/:sub/packages/:id/integration';

  /** `secretExpiresAt` and `expiryWarning` of the integration's current secret (none: public app). */
  async function expiryOf(clientId: string) {
    const secret = currentSecret(await ctx.store.secrets.listSecrets(clientId));
    if (!secret) return {};
    return {
      secretExpiresAt: secret.expiresAt,
      expiryWarning: expiryWarning(secret.expiresAt, ctx.clock.now()),
    };
  }

  async function load(req: { params: { sub: string; id: string } }) {
    const tenant = await findTenantOrThrow(ctx.store, req.params.sub);
    const pkg = await findPackageOrThrow(ctx.store, tenant, req.params.id);
    return { tenant, pkg, uris: baseUrisFor(ctx.config, tenant.subdomain) };
  }

  r.post(
    base,
    {
      schema: {
        operationId: 'createIntegration',
        summary: "Create a package's API integration (the client secret is shown once)",
        tags,
        params: PackageParams,
        body: CreateIntegrationRequest,
        response: { 201: IntegrationBody, ...errors },
      },
    },
    async (req, reply) => {
      const { tenant, pkg, uris } = await load(req);
      const created = await createIntegration(
        ctx.store,
        ctx.config,
        actorOf(req),
        tenant,
        pkg,
        req.body,
        ctx.clock.now(),
      );
      ctx.directory.invalidateClient(created.integration.clientId);
      reply.header('cache-control', 'no-store');
      const expiry = created.secretExpiresAt
        ? { expiryWarning: expiryWarning(created.secretExpiresAt, ctx.clock.now()) }
        : {};
      return reply.code(201).send(presentIntegration(created.integration, uris, { ...created, ...expiry }));
    },
  );

  r.get(
    base,
    {
      schema: {
        operationId: 'getIntegration',
        summary: "Read a package's API integration",
        tags,
        params: PackageParams,
        response: { 200: IntegrationBody, ...errors },
      },
    },
    async (req) => {
      const { pkg, uris } = await load(req);
      const integration = await findIntegrationOrThrow(ctx.store, pkg);
      return presentIntegration(integration, uris, await expiryOf(integration.clientId));
    },
  );

  r.patch(
    base,
    {
      schema: {
        operationId: 'updateIntegration',
        summary: "Change an integration's scopes or redirect URIs",
        tags,
        params: PackageParams,
        body: UpdateIntegrationRequest,
        response: { 200: IntegrationBody, ...errors },
      },
    },
    async (req) => {
      const { pkg, uris } = await load(req);
      const integration = await findIntegrationOrThrow(ctx.store, pkg);
      const updated = await updateIntegration(
        ctx.store,
        actorOf(req),
        integration,
        req.body,
        ctx.clock.now(),
      );
      ctx.directory.invalidateClient(integration.clientId);
      return presentIntegration(updated, uris, await expiryOf(updated.clientId));
    },
  );

  r.put(
    `${base}/access`,
    {
      schema: {
        operationId: 'setIntegrationAccess',
        summary: 'Set which business units a server-to-server integration may use',
        tags,
        params: PackageParams,
        body: AccessRequest,
        response: { 200: IntegrationBody, ...errors },
      },
    },
    async (req) => {
      const { tenant, pkg, uris } = await load(req);
      const integration = await findIntegrationOrThrow(ctx.store, pkg);
      const updated = await setIntegrationAccess(
        ctx.store,
        actorOf(req),
        tenant,
        integration,
        req.body,
        ctx.clock.now(),
      );
      ctx.directory.invalidateClient(integration.clientId);
      return presentIntegration(updated, uris, await expiryOf(updated.clientId));
    },
  );

  r.get(
    `${base}/secrets`,
    {
      schema: {
        tags,
        operationId: 'listSecrets',
        summary: "List an integration's secrets (never their values)",
        params: PackageParams,
        response: { 200: itemsOf(SecretBody), ...errors },
      },
    },
    async (req) => {
      const { pkg } = await load(req);
      const integration = await findIntegrationOrThrow(ctx.store, pkg);
      const now = ctx.clock.now();
      return {
        items: (await ctx.store.secrets.listSecrets(integration.clientId)).map((s) =>
          presentSecret(s, undefined, now),
        ),
      };
    },
  );

  r.post(
    `${base}/secrets`,
    {
      schema: {
        tags,
        operationId: 'generateSecret',
        summary: 'Generate a staged secret (returned once); replaces an unactivated staged one',
        params: PackageParams,
        body: StageSecretRequest,
        response: { 201: SecretBody, 429: ErrorBody, ...errors },
      },
      preValidation: emptyBodyAsObject,
    },
    async (req, reply) => {
      const { pkg } = await load(req);
      const integration = await findIntegrationOrThrow(ctx.store, pkg);
      const now = ctx.clock.now();
      const staged = await stageSecret(ctx.store, ctx.config, actorOf(req), integration, now, {
        description: req.body?.description,
        force: req.body?.force,
      });
      ctx.directory.invalidateClient(integration.clientId);
      reply.header('cache-control', 'no-store');
      return reply.code(201).send(presentSecret(staged.record, staged.clientSecret, now));
    },
  );

  r.post(
    `${base}/secrets/:secretId/activate`,
    {
      schema: {
        tags,
        operationId: 'activateSecret',
        summary: 'Activate the staged secret; the previous one is retired at once or after a grace period',
        params: SecretParams,
        body: ActivateSecretRequest,
        response: { 200: SecretBody, 429: ErrorBody, ...errors },
      },
      preValidation: emptyBodyAsObject,
    },
    async (req) => {
      const { pkg } = await load(req);
      const integration = await findIntegrationOrThrow(ctx.store, pkg);
      const grace = req.body?.grace;
      const now = ctx.clock.now();
      const secret = await activateSecret(ctx.store, actorOf(req), integration, req.params.secretId, now, {
        graceSeconds: grace === undefined ? 0 : parseDuration(grace, 'grace', MAX_GRACE_SECONDS),
        force: req.body?.force,
        config: ctx.config,
      });
      ctx.directory.invalidateClient(integration.clientId);
      return presentSecret(secret, undefined, now);
    },
  );

  r.post(
    `${base}/secrets/:secretId/revoke`,
    {
      schema: {
        tags,
        operationId: 'revokeSecret',
        summary:
          'Revoke a leaked secret: disabled at once on every instance, with every access token it issued',
        params: SecretParams,
        response: { 200: RevokedSecretBody, ...errors },
      },
    },
    async (req) => {
      const { pkg } = await load(req);
      const integration = await findIntegrationOrThrow(ctx.store, pkg);
      // Counts from this instance first, so the audit event's token count includes them.
      await ctx.usage.flush().catch((err: unknown) => ctx.logger.warn({ err }, 'usage flush failed'));
      const now = ctx.clock.now();
      const revoked = await revokeSecret(
        ctx.store,
        ctx.config,
        actorOf(req),
        integration,
        req.params.secretId,
        now,
      );
      ctx.revocations.rememberSecret(revoked.entry);
      ctx.directory.invalidateClient(integration.clientId);
      return { secret: presentSecret(revoked.record, undefined, now), tokensRevoked: revoked.tokensRevoked };
    },
  );
}
