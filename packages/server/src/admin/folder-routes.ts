import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../app-context.js';
import { findTenantOrThrow } from '../setup/tenants/tenant-service.js';
import type { DataFolder } from '../storage/data-folder-records.js';
import { ErrorBody, itemsOf, SubdomainParams } from './admin-schemas.js';

const FolderBody = Type.Object({
  id: Type.Integer({ description: 'DataFolder ID (a Data Extension’s CategoryID)' }),
  mid: Type.Integer(),
  parentId: Type.Integer({ description: '0 for a root folder' }),
  name: Type.String(),
  customerKey: Type.Union([Type.String(), Type.Null()]),
  contentType: Type.String(),
  description: Type.String(),
  isSystem: Type.Boolean({ description: 'a root folder every BU has: not editable' }),
  allowChildren: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  modifiedAt: Type.String({ format: 'date-time' }),
});

const FolderListQuery = Type.Object({
  mid: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,11}$', description: 'only this BU' })),
});

const present = (f: DataFolder) => ({
  id: f.id,
  mid: f.mid,
  parentId: f.parentId,
  name: f.name,
  customerKey: f.customerKey,
  contentType: f.contentType,
  description: f.description,
  isSystem: f.isSystem,
  allowChildren: f.allowChildren,
  createdAt: new Date(f.createdAt).toISOString(),
  modifiedAt: new Date(f.modifiedAt).toISOString(),
});

/** The folder trees of a tenant's BUs (`/tenants/{sub}/folders`); they change over SOAP DataFolder. */
export function registerFolderRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/tenants/:sub/folders',
    {
      schema: {
        operationId: 'listFolders',
        summary: 'List the folders (DataFolder) of the tenant’s business units',
        tags: ['folders'],
        params: SubdomainParams,
        querystring: FolderListQuery,
        response: { 200: itemsOf(FolderBody), 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const tenant = await findTenantOrThrow(ctx.store, req.params.sub);
      const mids = req.query.mid === undefined ? undefined : [Number(req.query.mid)];
      return { items: (await ctx.store.dataFolders.listFolders(tenant.id, mids)).map(present) };
    },
  );
}
