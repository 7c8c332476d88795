import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { ValidationFailed } from '../../errors/resource-errors.js';
import { bearerOf } from '../bearer/bearer-hook.js';
import { AUTH_ERRORS, ErrorResponse, KeyParams, RowsetPage, RowsetQuery, SECURITY } from '../rest-schemas.js';
import { findDataExtension } from './find-data-extension.js';
import { presentRow } from './present-row.js';
import { readRows } from './read-rows.js';
import { parseFilter, parseOrderBy } from './row-query.js';

export const DEFAULT_PAGE_SIZE = 2500;
export const MAX_PAGE_SIZE = 2500;

/** `GET data/v1/customobjectdata/key/{key}/rowset` (sfmc-auth.md §10.5). */
export function registerReadRowRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/:subdomain/rest/data/v1/customobjectdata/key/:key/rowset',
    {
      config: { scope: 'data_extensions_read' },
      schema: {
        operationId: 'readDataExtensionRows',
        tags: ['data extensions'],
        summary: 'Read rows: $page, $pageSize (≤ 2500), $filter (equality), $orderBy',
        security: SECURITY,
        params: KeyParams,
        querystring: RowsetQuery,
        response: { 200: RowsetPage, 400: ErrorResponse, 404: ErrorResponse, ...AUTH_ERRORS },
      },
    },
    async (req) => {
      const de = await findDataExtension(ctx.store, bearerOf(req).mid, `key:${req.params.key}`);
      const page = Number(req.query.$page ?? 1);
      const pageSize = Number(req.query.$pageSize ?? DEFAULT_PAGE_SIZE);
      if (pageSize > MAX_PAGE_SIZE)
        throw new ValidationFailed(`$pageSize: at most ${MAX_PAGE_SIZE} rows per page.`);
      const filter = req.query.$filter ? parseFilter(de, req.query.$filter) : [];
      const orderBy = req.query.$orderBy ? parseOrderBy(de, req.query.$orderBy) : [];
      const result = await readRows(ctx.store, de, { page, pageSize, filter, orderBy });
      // Relative to `{rest}data`, as Marketing Cloud's links are.
      const link = (p: number) => {
        const q = new URLSearchParams({ $page: String(p), $pageSize: String(pageSize) });
        if (req.query.$filter) q.set('$filter', req.query.$filter);
        if (req.query.$orderBy) q.set('$orderBy', req.query.$orderBy);
        return `/v1/customobjectdata/key/${encodeURIComponent(de.key)}/rowset?${q}`;
      };
      return {
        count: result.count,
        customObjectId: de.id,
        customObjectKey: de.key,
        items: result.rows.map((values) => presentRow(de, values, true)),
        links: {
          self: link(page),
          ...(page * pageSize < result.count ? { next: link(page + 1) } : {}),
          ...(page > 1 ? { previous: link(page - 1) } : {}),
        },
        page,
        pageSize,
        top: 0,
      };
    },
  );
}
