import type { FastifyRequest } from 'fastify';
import { ResourceNotFound, ValidationFailed } from '../errors/resource-errors.js';
import { findUnstorableText, isStorableText } from '../storage/storable-text.js';

/**
 * The REST resource API's door for text no store keeps as sent (a NUL, an unpaired surrogate):
 * an id or key in the URL names nothing (404, as SQLite answers for an unknown key), a query
 * parameter or body field is a validation error (400) naming where it is. Runs after the bearer
 * check, so an unauthenticated caller still gets the 401.
 */
export function checkStorableRequest(req: Pick<FastifyRequest, 'params' | 'query' | 'body'>): void {
  const params = (req.params ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'string' && !isStorableText(value)) {
      throw new ResourceNotFound(`Nothing was found for the ${name} in the URL.`);
    }
  }
  for (const [where, value] of [
    ['query', req.query],
    ['body', req.body],
  ] as const) {
    const found = findUnstorableText(value);
    if (found) throw new ValidationFailed(`${found.path || where}: must not contain ${found.problem}.`);
  }
}
