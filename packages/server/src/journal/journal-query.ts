import { BadRequest } from '../errors/admin-errors.js';
import { MAX_PATH_LENGTH } from '../faults/fault-rule.js';
import { globToRegExp } from '../faults/match-fault-rule.js';
import type { JournalFilter } from './request-journal.js';

/** A journal query as typed (admin API query string, Setup filter form): strings, all optional. */
export interface JournalQuery {
  readonly since?: string | undefined;
  readonly after?: string | undefined;
  readonly path?: string | undefined;
  readonly status?: string | undefined;
  readonly clientId?: string | undefined;
  readonly limit?: string | undefined;
}

/**
 * The one reading of a journal query, for every interface: checks each value and names the field of
 * the first bad one (a {@link BadRequest}: 400 in the admin API, the message on the Setup page).
 */
export function journalFilterOf(q: JournalQuery): JournalFilter {
  const since = q.since === undefined ? undefined : Date.parse(q.since);
  if (since !== undefined && (Number.isNaN(since) || !/^\d{4}-\d{2}-\d{2}T/.test(q.since ?? ''))) {
    throw new BadRequest('since: must be an RFC 3339 date-time (2026-12-02T14:00:00Z)', { field: 'since' });
  }
  if (q.after !== undefined && !/^\d{1,15}$/.test(q.after)) {
    throw new BadRequest('after: must be a sequence number', { field: 'after' });
  }
  if (q.path !== undefined && (!q.path.startsWith('/') || q.path.length > MAX_PATH_LENGTH)) {
    throw new BadRequest(`path: must start with "/" (at most ${MAX_PATH_LENGTH} characters)`, {
      field: 'path',
    });
  }
  if (q.status !== undefined && !/^\d{1,3}$/.test(q.status)) {
    throw new BadRequest('status: must be an HTTP status code (0 for a dropped connection)', {
      field: 'status',
    });
  }
  if (q.clientId !== undefined && q.clientId.length > 200) {
    throw new BadRequest('clientId: at most 200 characters', { field: 'clientId' });
  }
  const limit = q.limit === undefined ? 100 : /^\d{1,4}$/.test(q.limit) ? Number(q.limit) : 0;
  if (limit < 1 || limit > 1000) throw new BadRequest('limit: must be from 1 to 1000', { field: 'limit' });
  return {
    limit,
    ...(since === undefined ? {} : { since }),
    ...(q.after === undefined ? {} : { after: Number(q.after) }),
    ...(q.path === undefined ? {} : { path: globToRegExp(q.path) }),
    ...(q.status === undefined ? {} : { status: Number(q.status) }),
    ...(q.clientId === undefined ? {} : { clientId: q.clientId }),
  };
}
