import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { ValidationFailed } from '../../errors/resource-errors.js';
import { bearerOf } from '../bearer/bearer-hook.js';
import {
  AUTH_ERRORS,
  BODY_ERRORS,
  ErrorResponse,
  RowParams,
  RowResponse,
  Rowset,
  RowValuesBody,
  SECURITY,
  TargetParams,
} from '../rest-schemas.js';
import { findDataExtension } from './find-data-extension.js';
import { presentRow } from './present-row.js';
import { writeRows } from './write-rows.js';

/** Marketing Cloud's documented maximum payload of the synchronous row API (sfmc-auth.md §10.3). */
export const SYNC_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

const WRITE = 'data_extensions_write';

/** `{pk}:{value}[,{pk2}:{value2}]` from the URL → columns. */
export function parsePrimaryKeySegment(segment: string): Record<string, string> {
  const columns: Record<string, string> = {};
  for (const part of segment.split(',')) {
    const colon = part.indexOf(':');
    if (colon <= 0)
      throw new ValidationFailed(`Primary keys in the URL must read {column}:{value}; got "${part}".`);
    columns[part.slice(0, colon)] = part.slice(colon + 1);
  }
  return columns;
}

/** `POST|PUT hub/v1/dataevents/…` (sfmc-auth.md §10.3): all-or-nothing upserts. */
export function registerSyncRowRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['data extensions'];
  const errors = { ...BODY_ERRORS, 404: ErrorResponse, ...AUTH_ERRORS };

  r.post(
    '/:subdomain/rest/hub/v1/dataevents/:target/rowset',
    {
      bodyLimit: SYNC_BODY_LIMIT_BYTES,
      config: { scope: WRITE },
      schema: {
        operationId: 'upsertDataExtensionRows',
        tags,
        summary: 'Upsert rows ([{keys, values}]); rejected as a whole if any row is invalid',
        security: SECURITY,
        params: TargetParams,
        body: Rowset,
        response: { 200: Rowset, ...errors },
      },
    },
    async (req) => {
      const de = await findDataExtension(ctx.store, bearerOf(req).mid, req.params.target);
      const rows = req.body.map((row) => ({ ...(row.values ?? {}), ...row.keys }));
      await writeRows(ctx.store, de, rows, { mode: 'upsert', atomic: true, now: ctx.clock.now() });
      return req.body;
    },
  );

  r.put(
    '/:subdomain/rest/hub/v1/dataevents/:target/rows/:primaryKeys',
    {
      bodyLimit: SYNC_BODY_LIMIT_BYTES,
      config: { scope: WRITE },
      schema: {
        operationId: 'upsertDataExtensionRow',
        tags,
        summary: 'Upsert one row identified by its primary key(s) in the URL',
        security: SECURITY,
        params: RowParams,
        body: RowValuesBody,
        response: { 200: RowResponse, ...errors },
      },
    },
    async (req) => {
      const de = await findDataExtension(ctx.store, bearerOf(req).mid, req.params.target);
      const row = { ...req.body.values, ...parsePrimaryKeySegment(req.params.primaryKeys) };
      const [written] = await writeRows(ctx.store, de, [row], {
        mode: 'upsert',
        atomic: true,
        now: ctx.clock.now(),
      });
      return presentRow(de, written?.values ?? {}, false);
    },
  );
}
