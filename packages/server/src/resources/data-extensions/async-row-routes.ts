import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { ResourceNotFound, ValidationFailed } from '../../errors/resource-errors.js';
import type { AsyncRequest } from '../../storage/data-extension-records.js';
import { bearerOf } from '../bearer/bearer-hook.js';
import {
  AsyncAccepted,
  AsyncResults,
  AsyncRowsBody,
  AsyncStatus,
  AUTH_ERRORS,
  BODY_ERRORS,
  ErrorResponse,
  PageQuery,
  RequestIdParams,
  SECURITY,
  TargetParams,
} from '../rest-schemas.js';
import { type AsyncRowProcessor, MAX_ASYNC_ITEMS } from './async-processor.js';
import { findDataExtension } from './find-data-extension.js';

/** 32 000 rows of a few columns fit comfortably; anything larger is refused unread. */
export const ASYNC_BODY_LIMIT_BYTES = 32 * 1024 * 1024;
const RESULTS_PAGE_SIZE = 50;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** `data/v1/async/…` (sfmc-auth.md §10.4): accept (202), then status and per-item results. */
export function registerAsyncRowRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  processor: AsyncRowProcessor,
): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['data extensions (async)'];
  const errors = { ...BODY_ERRORS, 404: ErrorResponse, ...AUTH_ERRORS };
  const readErrors = { 400: ErrorResponse, 404: ErrorResponse, ...AUTH_ERRORS };

  for (const [method, action] of [
    ['POST', 'insert'],
    ['PUT', 'upsert'],
  ] as const) {
    r.route({
      method,
      url: '/:subdomain/rest/data/v1/async/dataextensions/:target/rows',
      bodyLimit: ASYNC_BODY_LIMIT_BYTES,
      config: { scope: 'data_extensions_write' },
      schema: {
        tags,
        operationId: `${action}DataExtensionRowsAsync`,
        summary: `${action === 'insert' ? 'Insert' : 'Upsert'} up to 32 000 rows asynchronously`,
        security: SECURITY,
        params: TargetParams,
        body: AsyncRowsBody,
        response: { 202: AsyncAccepted, ...errors },
      },
      handler: async (req, reply) => {
        const de = await findDataExtension(ctx.store, bearerOf(req).mid, req.params.target);
        if (req.body.items.length > MAX_ASYNC_ITEMS) {
          throw new ValidationFailed(
            `An async request holds at most ${MAX_ASYNC_ITEMS} items; this one has ${req.body.items.length}. Split it.`,
          );
        }
        const requestId = await processor.accept(de, action, req.body.items);
        return reply.code(202).send({ requestId, resultMessages: [] });
      },
    });
  }

  /** A request of the caller's own BU; any other is unknown. */
  async function findRequest(mid: number, requestId: string): Promise<AsyncRequest> {
    const request = await ctx.store.asyncRequests.findAsyncRequest(requestId);
    if (!request || request.mid !== mid) throw new ResourceNotFound(`No async request ${requestId}.`);
    return request;
  }

  r.get(
    '/:subdomain/rest/data/v1/async/:requestId/status',
    {
      config: { scope: 'data_extensions_read' },
      schema: {
        operationId: 'getAsyncRequestStatus',
        summary: 'Read the status of an asynchronous row request',
        tags,
        security: SECURITY,
        params: RequestIdParams,
        response: { 200: AsyncStatus, ...readErrors },
      },
    },
    async (req) => {
      const request = await findRequest(bearerOf(req).mid, req.params.requestId);
      const complete = request.status === 'Complete';
      return {
        status: {
          callDateTime: iso(request.calledAt) as string,
          completionDateTime: iso(request.completedAt),
          hasErrors: request.hasErrors,
          pickupDateTime: iso(request.completedAt),
          requestStatus: request.status,
          resultStatus: complete ? (request.hasErrors ? 'Has Errors' : 'OK') : '',
          requestId: request.requestId,
        },
        requestId: request.requestId,
        resultMessages: [],
      };
    },
  );

  r.get(
    '/:subdomain/rest/data/v1/async/:requestId/results',
    {
      config: { scope: 'data_extensions_read' },
      schema: {
        operationId: 'getAsyncRequestResults',
        summary: 'Read the per-row results of an asynchronous row request',
        tags,
        security: SECURITY,
        params: RequestIdParams,
        querystring: PageQuery,
        response: { 200: AsyncResults, ...readErrors },
      },
    },
    async (req) => {
      const request = await findRequest(bearerOf(req).mid, req.params.requestId);
      const page = Number(req.query.page ?? 1);
      const start = (page - 1) * RESULTS_PAGE_SIZE;
      return {
        page,
        pageSize: RESULTS_PAGE_SIZE,
        count: request.results.length,
        items: request.results.slice(start, start + RESULTS_PAGE_SIZE).map((r) => ({ ...r })),
        requestId: request.requestId,
        resultMessages: [],
      };
    },
  );
}
