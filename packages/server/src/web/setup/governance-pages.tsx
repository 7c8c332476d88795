import type { JournalEntry } from '../../journal/request-journal.js';
import type { AccessReviewItem, ReviewFlag } from '../../setup/review/access-review.js';
import { formatDate } from './components.js';
import { type Frame, Layout, renderDocument } from './layout.js';

/** The review windows a user can pick; the admin API takes any number of days. */
export const REVIEW_WINDOWS = [7, 30, 90] as const;

const FLAG_TEXT: Readonly<Record<ReviewFlag, string>> = {
  unused_scopes: 'Unused scopes',
  business_units_never_used: 'BUs never used',
  idle_90_days: 'Idle 90 days',
  secret_older_than_150_days: 'Secret older than 150 days',
};

const list = (values: readonly (string | number)[]) => (values.length === 0 ? '—' : values.join(', '));

/** Access review (issue 14): one row per package, what it may do against what it did. */
export function renderAccessReviewPage(view: {
  frame: Frame;
  sub: string;
  days: number;
  error: string | undefined;
  items: readonly AccessReviewItem[];
}) {
  const flagged = view.items.filter((i) => i.flags.length > 0).length;
  return renderDocument(
    <Layout frame={view.frame}>
      <h1>Access Review</h1>
      <p>
        Granted scopes against the scopes each package's tokens used, business units enabled against those
        that got tokens, and secret age, over the last {view.days} days. {flagged} of {view.items.length}{' '}
        {view.items.length === 1 ? 'package is' : 'packages are'} flagged.
      </p>
      <form method="get" action={`/setup/${view.sub}/access-review`} class="toolbar">
        <div>
          <label for="f-days">Window</label>
          <select id="f-days" name="days" aria-describedby={view.error ? 'days-error' : undefined}>
            {REVIEW_WINDOWS.map((d) => (
              <option key={d} value={String(d)} selected={d === view.days}>
                {`${d} days`}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Review</button>
      </form>
      {view.error && (
        <p class="field-error" id="days-error" role="alert">
          {view.error}
        </p>
      )}
      {view.items.length === 0 ? (
        <div class="card empty">No installed packages.</div>
      ) : (
        <div class="table-wrap">
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">Package</th>
                <th scope="col">Scopes granted</th>
                <th scope="col">Unused scopes</th>
                <th scope="col">BUs never used</th>
                <th scope="col">Secret age</th>
                <th scope="col">Last token</th>
                <th scope="col">Tokens per day</th>
                <th scope="col">Flags</th>
              </tr>
            </thead>
            <tbody>
              {view.items.map((i) => (
                <tr key={i.packageId}>
                  <td data-label="Package">
                    <a href={`/setup/${view.sub}/packages/${i.packageId}`}>{i.packageName}</a>
                  </td>
                  <td data-label="Scopes granted">{list(i.grantedScopes)}</td>
                  <td data-label="Unused scopes">{list(i.unusedScopes)}</td>
                  <td data-label="BUs never used">
                    {i.businessUnitsEnabled === null ? 'user licences' : list(i.businessUnitsNeverUsed)}
                  </td>
                  <td data-label="Secret age">
                    {i.secretAgeDays === null ? '—' : `${i.secretAgeDays} days`}
                  </td>
                  <td data-label="Last token">
                    {i.lastTokenAt === null ? 'never' : formatDate(i.lastTokenAt)}
                  </td>
                  <td data-label="Tokens per day">{String(i.tokensPerDay)}</td>
                  <td data-label="Flags">
                    {i.flags.length === 0 ? 'none' : i.flags.map((f) => FLAG_TEXT[f]).join('; ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        The same review as a table, JSON or CSV: <code>packgate review</code>.
      </p>
    </Layout>,
  );
}

/** The filters the journal page takes, as typed (kept in the form). */
export interface JournalFilters {
  readonly path: string;
  readonly status: string;
  readonly clientId: string;
}

/** Request journal (issue 10): the newest requests this instance received, newest first. */
export function renderJournalPage(view: {
  frame: Frame;
  sub: string;
  enabled: boolean;
  filters: JournalFilters;
  error: string | undefined;
  entries: readonly JournalEntry[];
}) {
  const { filters } = view;
  return renderDocument(
    <Layout frame={view.frame}>
      <h1>Request Journal</h1>
      <p>
        The newest requests this tenant sent to this instance, with the token's claims and the fault rules
        that fired. Secret values are never recorded.
      </p>
      {!view.enabled && (
        <div class="card empty" role="status">
          The journal is off on this server (PACKGATE_JOURNAL_SIZE=0).
        </div>
      )}
      <form method="get" action={`/setup/${view.sub}/journal`} class="toolbar">
        <div>
          <label for="f-path">Path (glob)</label>
          <input
            type="text"
            id="f-path"
            name="path"
            value={filters.path}
            maxLength={500}
            placeholder="/**/v2/token"
            aria-describedby={view.error ? 'f-error' : undefined}
          />
        </div>
        <div>
          <label for="f-status">Status</label>
          <input
            type="text"
            id="f-status"
            name="status"
            value={filters.status}
            maxLength={3}
            inputMode="numeric"
          />
        </div>
        <div>
          <label for="f-client">Client id</label>
          <input type="text" id="f-client" name="clientId" value={filters.clientId} maxLength={200} />
        </div>
        <button type="submit">Filter</button>
      </form>
      {view.error && (
        <p class="field-error" id="f-error" role="alert">
          {view.error}
        </p>
      )}
      {view.entries.length === 0 ? (
        <div class="card empty">No requests match.</div>
      ) : (
        <div class="table-wrap">
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Request</th>
                <th scope="col">Status</th>
                <th scope="col">Latency</th>
                <th scope="col">Client</th>
                <th scope="col">Faults</th>
              </tr>
            </thead>
            <tbody>
              {view.entries.map((e) => (
                <tr key={e.seq}>
                  <td data-label="When">{formatDate(e.at)}</td>
                  <td data-label="Request">
                    <code>{`${e.method} ${e.path}`}</code>
                  </td>
                  <td data-label="Status">{e.status === 0 ? 'dropped' : String(e.status)}</td>
                  <td data-label="Latency">{`${e.latencyMs.toFixed(1)} ms`}</td>
                  <td data-label="Client">{e.clientId ?? '—'}</td>
                  <td data-label="Faults">{e.faults?.length ? e.faults.join(', ') : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        Follow it from a terminal: <code>packgate journal tail --follow</code>.
      </p>
    </Layout>,
  );
}
