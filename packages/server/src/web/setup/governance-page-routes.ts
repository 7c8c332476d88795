import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { MAX_PATH_LENGTH } from '../../faults/fault-rule.js';
import { journalFilterOf } from '../../journal/journal-query.js';
import type { JournalEntry } from '../../journal/request-journal.js';
import { buildAccessReview } from '../../setup/review/access-review.js';
import {
  type JournalFilters,
  REVIEW_WINDOWS,
  renderAccessReviewPage,
  renderJournalPage,
} from './governance-pages.js';
import { fieldErrorsOf, sendPage, type TenantRequest } from './setup-kit.js';

type Sub = { Params: { sub: string } };
const hide = { schema: { hide: true } };
const JOURNAL_PAGE = 100;
const DEFAULT_WINDOW = 30;

const text = (value: unknown, max: number) => (typeof value === 'string' ? value.trim().slice(0, max) : '');

/** The Access Review and the Request Journal: the governance and test-debugging views of a tenant. */
export function registerGovernancePageRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  tenantOf: (request: FastifyRequest) => TenantRequest,
): void {
  app.get<Sub & { Querystring: { days?: string } }>('/:sub/access-review', hide, async (request, reply) => {
    const t = tenantOf(request);
    const asked = request.query.days;
    const known = REVIEW_WINDOWS.find((d) => String(d) === asked);
    const error =
      asked === undefined || known !== undefined ? undefined : 'Pick a window of 7, 30 or 90 days.';
    const days = known ?? DEFAULT_WINDOW;
    // This instance's counts first, as the admin API does; other instances' arrive with their next flush.
    await ctx.usage.flush().catch((err: unknown) => ctx.logger.warn({ err }, 'usage flush failed'));
    const items = await buildAccessReview(ctx.store, t.tenant, ctx.clock.now(), days);
    const frame = t.frame('Access Review', 'access-review', [['Access Review']]);
    return sendPage(
      reply,
      error ? 400 : 200,
      renderAccessReviewPage({ frame, sub: t.tenant.subdomain, days, error, items }),
    );
  });

  app.get<Sub & { Querystring: { path?: string; status?: string; clientId?: string } }>(
    '/:sub/journal',
    hide,
    async (request, reply) => {
      const t = tenantOf(request);
      const filters: JournalFilters = {
        path: text(request.query.path, MAX_PATH_LENGTH),
        status: text(request.query.status, 3),
        clientId: text(request.query.clientId, 200),
      };
      const blankAsUnset = (v: string) => (v === '' ? undefined : v);
      let error: string | undefined;
      let entries: JournalEntry[] = [];
      try {
        const filter = journalFilterOf({
          path: blankAsUnset(filters.path),
          status: blankAsUnset(filters.status),
          clientId: blankAsUnset(filters.clientId),
          limit: String(JOURNAL_PAGE),
        });
        entries = ctx.journal.list(t.tenant.id, filter).reverse();
      } catch (err) {
        // A refusal of the journal's own rules, as every Setup form shows one (others are rethrown).
        error = Object.values(fieldErrorsOf(err, 'path'))[0];
      }
      const frame = t.frame('Request Journal', 'journal', [['Request Journal']]);
      return sendPage(
        reply,
        error ? 400 : 200,
        renderJournalPage({
          frame,
          sub: t.tenant.subdomain,
          enabled: ctx.journal.enabled,
          filters,
          error,
          entries,
        }),
      );
    },
  );
}
