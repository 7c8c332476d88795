import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../app-context.js';
import type { Actor } from '../setup/audit.js';
import { findIntegrationOrThrow } from '../setup/packages/integration-service.js';
import { findPackageOrThrow } from '../setup/packages/package-service.js';
import { findTenantOrThrow } from '../setup/tenants/tenant-service.js';
import {
  createUser,
  deleteUser,
  findUserOrThrow,
  setLicenses,
  updateUser,
} from '../setup/users/user-service.js';
import { ErrorBody, itemsOf, PackageParams, SubdomainParams } from './admin-schemas.js';
import { presentUser } from './present-user.js';
import {
  CreateUserRequest,
  LicensesBody,
  LicensesRequest,
  UpdateUserRequest,
  UserBody,
  UserListQuery,
  UserParams,
} from './user-schemas.js';

/** Users of a tenant (CRUD) and the licences of web/public apps (their Access tab). */
export function registerUserRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  actorOf: (req: unknown) => Actor,
): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody };
  const tags = ['users'];

  r.get(
    '/tenants/:sub/users',
    {
      schema: {
        operationId: 'listUsers',
        summary: "List a tenant's users",
        tags,
        params: SubdomainParams,
        querystring: UserListQuery,
        response: { 200: itemsOf(UserBody), ...errors },
      },
    },
    async (req) => {
      const tenant = await findTenantOrThrow(ctx.store, req.params.sub);
      const limit = Number(req.query.limit ?? 100);
      const page = await ctx.store.users.listUsers(tenant.id, {
        limit,
        ...(req.query.after !== undefined ? { after: Number(req.query.after) } : {}),
      });
      const last = page.at(-1);
      return {
        items: page.map(presentUser),
        ...(page.length === limit && last ? { nextCursor: String(last.id) } : {}),
      };
    },
  );

  r.post(
    '/tenants/:sub/users',
    {
      schema: {
        operationId: 'createUser',
        summary: 'Create a user',
        tags,
        params: SubdomainParams,
        body: CreateUserRequest,
        response: { 201: UserBody, ...errors },
      },
    },
    async (req, reply) => {
      const tenant = await findTenantOrThrow(ctx.store, req.params.sub);
      const user = await createUser(ctx, actorOf(req), tenant, req.body, ctx.clock.now());
      return reply.code(201).send(presentUser(user));
    },
  );

  r.get(
    '/tenants/:sub/users/:userId',
    {
      schema: {
        operationId: 'getUser',
        summary: 'Read a user',
        tags,
        params: UserParams,
        response: { 200: UserBody, ...errors },
      },
    },
    async (req) => {
      const tenant = await findTenantOrThrow(ctx.store, req.params.sub);
      return presentUser(await findUserOrThrow(ctx, tenant, req.params.userId));
    },
  );

  r.patch(
    '/tenants/:sub/users/:userId',
    {
      schema: {
        operationId: 'updateUser',
        summary: "Change a user's password, email, business units or package administration",
        tags,
        params: UserParams,
        body: UpdateUserRequest,
        response: { 200: UserBody, ...errors },
      },
    },
    async (req) => {
      const tenant = await findTenantOrThrow(ctx.store, req.params.sub);
      const user = await findUserOrThrow(ctx, tenant, req.params.userId);
      return presentUser(await updateUser(ctx, actorOf(req), tenant, user, req.body, ctx.clock.now()));
    },
  );

  r.delete(
    '/tenants/:sub/users/:userId',
    {
      schema: {
        operationId: 'deleteUser',
        summary: 'Delete a user (revokes their tokens)',
        tags,
        params: UserParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      const tenant = await findTenantOrThrow(ctx.store, req.params.sub);
      const user = await findUserOrThrow(ctx, tenant, req.params.userId);
      await deleteUser(ctx, actorOf(req), tenant, user, ctx.clock.now());
      return reply.code(204).send(null);
    },
  );

  const licenses = '/tenants/:sub/packages/:id/integration/licenses';
  r.get(
    licenses,
    {
      schema: {
        operationId: 'listLicenses',
        summary: 'List the users licensed for a web or public app',
        tags,
        params: PackageParams,
        response: { 200: LicensesBody, ...errors },
      },
    },
    async (req) => {
      const tenant = await findTenantOrThrow(ctx.store, req.params.sub);
      const integration = await findIntegrationOrThrow(
        ctx.store,
        await findPackageOrThrow(ctx.store, tenant, req.params.id),
      );
      return { userIds: await ctx.store.users.listLicensedUserIds(integration.clientId) };
    },
  );

  r.put(
    licenses,
    {
      schema: {
        operationId: 'setLicenses',
        summary: 'Set the users licensed for a web or public app',
        tags,
        params: PackageParams,
        body: LicensesRequest,
        response: { 200: LicensesBody, ...errors },
      },
    },
    async (req) => {
      const tenant = await findTenantOrThrow(ctx.store, req.params.sub);
      const integration = await findIntegrationOrThrow(
        ctx.store,
        await findPackageOrThrow(ctx.store, tenant, req.params.id),
      );
      const userIds = await setLicenses(
        ctx,
        actorOf(req),
        tenant,
        integration,
        req.body.userIds,
        ctx.clock.now(),
      );
      ctx.directory.invalidateClient(integration.clientId);
      return { userIds };
    },
  );
}
