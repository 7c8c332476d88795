import type { FastifyInstance } from 'fastify';
import { sendAnswer } from '../../errors/send-error.js';
import { isFormContentType, type TokenEndpoint } from './token-endpoint.js';

/**
 * `POST {auth}v2/token` through Fastify: used by `app.inject()` and whenever the request did
 * not take the HTTP server's fast path (token-fast-path.ts). Same endpoint, same answers.
 */
export function registerTokenRoute(app: FastifyInstance, endpoint: TokenEndpoint): void {
  app.post<{ Params: { subdomain: string } }>('/:subdomain/auth/v2/token', async (request, reply) => {
    const answer = endpoint({
      subdomain: request.params.subdomain,
      body: request.body,
      authorization: request.headers.authorization,
      form: isFormContentType(request.headers['content-type']),
    });
    return sendAnswer(reply, answer instanceof Promise ? await answer : answer);
  });
}
