import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../app-context.js';
import type { Actor } from '../setup/audit.js';
import {
  createPackage,
  deletePackage,
  findPackageOrThrow,
  updatePackage,
} from '../setup/packages/package-service.js';
import { findTenantOrThrow } from '../setup/tenants/tenant-service.js';
import {
  CreatePackageRequest,
  ErrorBody,
  itemsOf,
  ListQuery,
  PackageBody,
  PackageParams,
  SubdomainParams,
  UpdatePackageRequest,
} from './admin-schemas.js';
import { presentPackage } from './present.js';

/** Installed packages (CRUD). */
export function registerPackageRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  actorOf: (req: unknown) => Actor,
): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody };
  const tags = ['packages'];

  r.get(
    '/tenants/:sub/packages',
    {
      schema: {
        operationId: 'listPackages',
        summary: 'List installed packages',
        tags,
        params: SubdomainParams,
        querystring: ListQuery,
        response: { 200: itemsOf(PackageBody), ...errors },
      },
    },
    async (req) => {
      const tenant = await findTenantOrThrow(ctx.store, req.params.sub);
      const limit = Number(req.query.limit ?? 100);
      const page = await ctx.store.packages.listPackages(tenant.id, {
        limit,
        ...(req.query.after ? { after: req.query.after } : {}),
      });
      const last = page.at(-1);
      return {
        items: page.map(presentPackage),
        ...(page.length === limit && last ? { nextCursor: last.id } : {}),
      };
    },
  );

  r.post(
    '/tenants/:sub/packages',
    {
      schema: {
        operationId: 'createPackage',
        summary: 'Install a package',
        tags,
        params: SubdomainParams,
        body: CreatePackageRequest,
        response: { 201: PackageBody, ...errors },
      },
    },
    async (req, reply) => {
      const tenant = await findTenantOrThrow(ctx.store, req.params.sub);
      const pkg = await createPackage(ctx.store, actorOf(req), tenant, req.body, ctx.clock.now());
      return reply.code(201).send(presentPackage(pkg));
    },
  );

  r.get(
    '/tenants/:sub/packages/:id',
    {
      schema: {
        operationId: 'getPackage',
        summary: 'Read an installed package',
        tags,
        params: PackageParams,
        response: { 200: PackageBody, ...errors },
      },
    },
    async (req) => {
      const tenant = await findTenantOrThrow(ctx.store, req.params.sub);
      return presentPackage(await findPackageOrThrow(ctx.store, tenant, req.params.id));
    },
  );

  r.patch(
    '/tenants/:sub/packages/:id',
    {
      schema: {
        operationId: 'updatePackage',
        summary: "Change a package's name or description",
        tags,
        params: PackageParams,
        body: UpdatePackageRequest,
        response: { 200: PackageBody, ...errors },
      },
    },
    async (req) => {
      const tenant = await findTenantOrThrow(ctx.store, req.params.sub);
      return presentPackage(
        await updatePackage(ctx.store, actorOf(req), tenant, req.params.id, req.body, ctx.clock.now()),
      );
    },
  );

  r.delete(
    '/tenants/:sub/packages/:id',
    {
      schema: {
        operationId: 'deletePackage',
        summary: 'Uninstall a package and its integration',
        tags,
        params: PackageParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      const tenant = await findTenantOrThrow(ctx.store, req.params.sub);
      const clientId = await deletePackage(ctx.store, actorOf(req), tenant, req.params.id, ctx.clock.now());
      if (clientId) ctx.directory.invalidateClient(clientId);
      return reply.code(204).send(null);
    },
  );
}
