import { randomUUID } from 'node:crypto';

/** What an `x-request-id` may hold to be kept: a bounded token of URL-safe and UUID characters. */
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._:+=/-]{1,128}$/;

/**
 * The request's id: the caller's `x-request-id` when it is one header of at most 128 safe
 * characters (so a proxy's id follows the request through the logs), else a new UUID — an
 * over-long or odd value is replaced, never echoed or logged.
 */
export function readRequestId(header: string | string[] | undefined): string {
  return typeof header === 'string' && ACCEPTED_REQUEST_ID.test(header) ? header : randomUUID();
}
