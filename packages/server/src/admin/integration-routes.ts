import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import type { Actor } from '../setup/audit.js';
import {
  createIntegration,
  findIntegrationOrThrow,
  setIntegrationAccess,
  updateIntegration,
} from '../setup/packages/integration-service.js';
import { findPackageOrThrow } from '../setup/packages/package-service.js';
import { activateSecret, stageSecret } from '../setup/secrets/secret-service.js';
import { baseUrisFor } from '../setup/tenants/base-uris.js';
import { findTenantOrThrow } from '../setup/tenants/tenant-service.js';
import {
  AccessRequest,
  CreateIntegrationRequest,
  ErrorBody,
  IntegrationBody,
  itemsOf,
  PackageParams,
  SecretBody,
  SecretParams,
  UpdateIntegrationRequest,
} from './admin-schemas.js';
import { presentIntegration, presentSecret } from './present.js';

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
      return reply.code(201).send(presentIntegration(created.integration, uris, created));
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
      return presentIntegration(await findIntegrationOrThrow(ctx.store, pkg), uris);
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
      return presentIntegration(updated, uris);
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
      return presentIntegration(updated, uris);
    },
  );

  r.get(
    `${base}/secrets`,
    {
      schema: {
        operationId: 'listClientSecrets',
        summary: "List an integration's client secrets (no values)",
        tags,
        params: PackageParams,
        response: { 200: itemsOf(SecretBody), ...errors },
      },
    },
    async (req) => {
      const { pkg } = await load(req);
      const integration = await findIntegrationOrThrow(ctx.store, pkg);
      return {
        items: (await ctx.store.secrets.listSecrets(integration.clientId)).map((s) => presentSecret(s)),
      };
    },
  );

  r.post(
    `${base}/secrets`,
    {
      schema: {
        operationId: 'stageClientSecret',
        summary: 'Stage a new client secret (shown once)',
        tags,
        params: PackageParams,
        response: { 201: SecretBody, ...errors },
      },
    },
    async (req, reply) => {
      const { pkg } = await load(req);
      const integration = await findIntegrationOrThrow(ctx.store, pkg);
      const staged = await stageSecret(ctx.store, ctx.config, actorOf(req), integration, ctx.clock.now());
      ctx.directory.invalidateClient(integration.clientId);
      reply.header('cache-control', 'no-store');
      return reply.code(201).send(presentSecret(staged.record, staged.clientSecret));
    },
  );

  r.post(
    `${base}/secrets/:secretId/activate`,
    {
      schema: {
        operationId: 'activateClientSecret',
        summary: 'Activate a staged client secret, retiring the previous one',
        tags,
        params: SecretParams,
        response: { 200: SecretBody, ...errors },
      },
    },
    async (req) => {
      const { pkg } = await load(req);
      const integration = await findIntegrationOrThrow(ctx.store, pkg);
      const secret = await activateSecret(
        ctx.store,
        actorOf(req),
        integration,
        req.params.secretId,
        ctx.clock.now(),
      );
      ctx.directory.invalidateClient(integration.clientId);
      return presentSecret(secret);
    },
  );
}
