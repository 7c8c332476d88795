import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Unauthenticated } from '../errors/admin-errors.js';
import type { Actor } from '../setup/audit.js';

/** Checks `Authorization: Bearer {operator key}` in constant time. */
export function createAdminAuthenticator(adminKey: string) {
  const expected = createHash('sha256').update(adminKey).digest();
  return function checkAdminKey(request: FastifyRequest): Actor {
    const header = request.headers.authorization;
    const match = header === undefined ? null : /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) {
      throw new Unauthenticated('Send the operator key as "Authorization: Bearer <key>".');
    }
    const given = createHash('sha256').update(match[1]).digest();
    if (!timingSafeEqual(given, expected)) throw new Unauthenticated('The operator key is not valid.');
    return { actor: 'operator', sourceIp: request.ip };
  };
}
