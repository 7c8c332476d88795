import type { FastifyInstance } from 'fastify';
import { sendFaultAnswer } from '../../faults/fault-hooks.js';
import { documented } from '../../openapi/documented.js';
import { AUTH_OPERATIONS } from '../auth-openapi.js';
import { isFormContentType, type TokenEndpoint } from './token-endpoint.js';

/**
 * `POST {auth}v2/token` through Fastify: used by `app.inject()` and whenever the request did
 * not take the HTTP server's fast path (token-fast-path.ts). Same endpoint, same answers.
 */
export function registerTokenRoute(app: FastifyInstance, endpoint: TokenEndpoint): void {
  app.post<{ Params: { subdomain: string } }>(
    '/:subdomain/auth/v2/token',
    documented(AUTH_OPERATIONS.token),
    async (request, reply) => {
      // The endpoint logs and measures the request (as on the fast path).
      request.observed = true;
      const answer = endpoint({
        subdomain: request.params.subdomain,
        body: request.body,
        authorization: request.headers.authorization,
        requestId: request.id,
        startedAt: process.hrtime.bigint() - BigInt(Math.round(reply.elapsedTime * 1e6)),
        sourceIp: request.ip,
        host: request.headers.host,
        url: request.originalUrl,
        form: isFormContentType(request.headers['content-type']),
      });
      // sendFaultAnswer: sendAnswer, or no answer for a fault rule's dropped connection.
      return sendFaultAnswer(request, reply, answer instanceof Promise ? await answer : answer);
    },
  );
}
