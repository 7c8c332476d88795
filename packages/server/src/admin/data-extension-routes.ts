import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { BadRequest, Conflict } from '../errors/admin-errors.js';
import {
  createDataExtension,
  DuplicateDataExtension,
  InvalidDefinition,
} from '../resources/data-extensions/define-data-extension.js';
import type { Actor } from '../setup/audit.js';
import { InvalidFolder } from '../setup/folders/folder-service.js';
import { findTenantOrThrow } from '../setup/tenants/tenant-service.js';
import type { DataExtension } from '../storage/data-extension-records.js';
import { ErrorBody, itemsOf, SubdomainParams } from './admin-schemas.js';
import {
  CreateDataExtensionRequest,
  DataExtensionBody,
  DataExtensionListQuery,
} from './data-extension-schemas.js';

const present = (de: DataExtension) => ({
  id: de.id,
  mid: de.mid,
  name: de.name,
  key: de.key,
  fields: de.fields.map((f) => ({ ...f })),
  description: de.description ?? '',
  categoryId: de.categoryId ?? null,
  createdAt: new Date(de.createdAt).toISOString(),
  modifiedAt: new Date(de.modifiedAt ?? de.createdAt).toISOString(),
});

/** Data Extension definitions per BU (`/tenants/{sub}/data-extensions`). */
export function registerDataExtensionRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  actorOf: (req: unknown) => Actor,
): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['data extensions (admin)'];
  const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody };

  r.post(
    '/tenants/:sub/data-extensions',
    {
      schema: {
        operationId: 'createDataExtension',
        summary: 'Create a Data Extension in a business unit',
        tags,
        params: SubdomainParams,
        body: CreateDataExtensionRequest,
        response: { 201: DataExtensionBody, ...errors },
      },
    },
    async (req, reply) => {
      const tenant = await findTenantOrThrow(ctx.store, req.params.sub);
      if (!(await ctx.store.tenants.findBusinessUnit(tenant.id, req.body.mid))) {
        throw new BadRequest(`mid ${req.body.mid} is not a business unit of this tenant.`, { field: 'mid' });
      }
      try {
        const de = await createDataExtension(ctx.store, actorOf(req), tenant.id, req.body, ctx.clock.now());
        return reply.code(201).send(present(de));
      } catch (err) {
        if (err instanceof InvalidDefinition) throw new BadRequest(err.message, { field: 'fields' });
        if (err instanceof InvalidFolder) throw new BadRequest(err.message, { field: 'categoryId' });
        if (err instanceof DuplicateDataExtension) throw new Conflict(err.message, { field: 'key' });
        throw err;
      }
    },
  );

  r.get(
    '/tenants/:sub/data-extensions',
    {
      schema: {
        operationId: 'listDataExtensions',
        summary: "List a tenant's Data Extensions",
        tags,
        params: SubdomainParams,
        querystring: DataExtensionListQuery,
        response: { 200: itemsOf(DataExtensionBody), ...errors },
      },
    },
    async (req) => {
      const tenant = await findTenantOrThrow(ctx.store, req.params.sub);
      return {
        items: (
          await ctx.store.dataExtensions.listDataExtensions(
            tenant.id,
            req.query.mid === undefined ? undefined : Number(req.query.mid),
          )
        ).map(present),
      };
    },
  );
}
