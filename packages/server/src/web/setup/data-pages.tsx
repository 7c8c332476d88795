import { type DataExtension, FIELD_TYPES, type StoredRow } from '../../storage/data-extension-records.js';
import type { AuditEvent, BusinessUnit } from '../../storage/records.js';
import { AuditEventTable } from './audit-event-table.js';
import { type FieldErrors, formatDate, Notice, TextField } from './components.js';
import { CsrfField, type Frame, Layout, renderDocument } from './layout.js';
import { NameAndBusinessUnitFields } from './name-and-business-unit-fields.js';

export const FIELD_ROWS = 8;

export interface FieldRowValues {
  readonly name: string;
  readonly type: string;
  readonly length: string;
  readonly isPrimaryKey: boolean;
  readonly isRequired: boolean;
}

const deUrl = (sub: string) => `/setup/${sub}/data-extensions`;

export function renderDataExtensionsPage(view: {
  frame: Frame;
  sub: string;
  units: readonly BusinessUnit[];
  mid: number | undefined;
  items: readonly DataExtension[];
}) {
  const names = new Map(view.units.map((u) => [u.mid, u.name]));
  return renderDocument(
    <Layout frame={view.frame}>
      <div class="toolbar">
        <h1>Data Extensions</h1>
        <a class="button primary" href={`${deUrl(view.sub)}/new`}>
          Create
        </a>
      </div>
      <form method="get" action={deUrl(view.sub)} class="toolbar">
        <div>
          <label for="f-mid">Business unit</label>
          <select id="f-mid" name="mid">
            <option value="">All business units</option>
            {view.units.map((u) => (
              <option key={u.mid} value={String(u.mid)} selected={u.mid === view.mid}>
                {`${u.name} (MID ${u.mid})`}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Show</button>
      </form>
      {view.items.length === 0 ? (
        <div class="card empty">No Data Extensions here yet.</div>
      ) : (
        <div class="table-wrap">
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">External Key</th>
                <th scope="col">Business unit</th>
                <th scope="col">Fields</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {view.items.map((de) => (
                <tr key={de.id}>
                  <td data-label="Name">
                    <a href={`${deUrl(view.sub)}/${de.mid}/${de.id}`}>{de.name}</a>
                  </td>
                  <td data-label="External Key">
                    <code>{de.key}</code>
                  </td>
                  <td data-label="Business unit">{names.get(de.mid) ?? String(de.mid)}</td>
                  <td data-label="Fields">{de.fields.length}</td>
                  <td data-label="Created">{formatDate(de.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>,
  );
}

export function renderNewDataExtensionPage(view: {
  frame: Frame;
  sub: string;
  units: readonly BusinessUnit[];
  values: { name: string; key: string; mid: number | undefined; fields: readonly FieldRowValues[] };
  errors: FieldErrors;
}) {
  const rows = Array.from({ length: FIELD_ROWS }, (_, i) => view.values.fields[i]);
  return renderDocument(
    <Layout frame={view.frame}>
      <h1>Create Data Extension</h1>
      <form method="post" action={`${deUrl(view.sub)}/new`}>
        <CsrfField token={view.frame.csrfToken} />
        <div class="card">
          <NameAndBusinessUnitFields
            name={view.values.name}
            nameMaxLength={128}
            unitField="mid"
            unitLabel="Business unit"
            units={view.units}
            selected={view.values.mid}
            errors={view.errors}
          >
            <TextField
              name="key"
              label="External Key"
              value={view.values.key}
              errors={view.errors}
              hint="What the REST and SOAP APIs call it (key:…); unique in its business unit."
              required
              maxLength={200}
            />
          </NameAndBusinessUnitFields>
        </div>
        <fieldset class="card" aria-describedby={view.errors.fields ? 'fields-error' : undefined}>
          <legend>Fields</legend>
          <p class="muted">
            Fill in as many rows as you need; empty rows are ignored. Length applies to Text, EmailAddress,
            Phone and Locale; for Decimal give precision,scale (for example 18,2).
          </p>
          {view.errors.fields && (
            <p class="field-error" id="fields-error" role="alert">
              {view.errors.fields}
            </p>
          )}
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Type</th>
                  <th scope="col">Length or precision,scale</th>
                  <th scope="col">Primary key</th>
                  <th scope="col">Required</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((f, i) => (
                  <tr key={i}>
                    <td>
                      <input
                        type="text"
                        name={`field${i}.name`}
                        value={f?.name ?? ''}
                        maxLength={128}
                        aria-label={`Field ${i + 1} name`}
                      />
                    </td>
                    <td>
                      <select name={`field${i}.type`} aria-label={`Field ${i + 1} type`}>
                        {FIELD_TYPES.map((t) => (
                          <option key={t} value={t} selected={(f?.type ?? 'Text') === t}>
                            {t}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <input
                        type="text"
                        inputMode="numeric"
                        name={`field${i}.length`}
                        value={f?.length ?? ''}
                        maxLength={5}
                        aria-label={`Field ${i + 1} length`}
                      />
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        name={`field${i}.isPrimaryKey`}
                        value="true"
                        checked={f?.isPrimaryKey ?? false}
                        aria-label={`Field ${i + 1} is the primary key`}
                      />
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        name={`field${i}.isRequired`}
                        value="true"
                        checked={f?.isRequired ?? false}
                        aria-label={`Field ${i + 1} is required`}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </fieldset>
        <div class="actions">
          <button type="submit" class="primary">
            Create
          </button>
          <a class="button" href={deUrl(view.sub)}>
            Cancel
          </a>
        </div>
      </form>
    </Layout>,
  );
}

export function renderDataExtensionPage(view: {
  frame: Frame;
  sub: string;
  de: DataExtension;
  bu: BusinessUnit | undefined;
  rows: readonly StoredRow[];
  restBaseUri: string;
  notice?: string | undefined;
}) {
  const { de } = view;
  return renderDocument(
    <Layout frame={view.frame}>
      <h1>{de.name}</h1>
      {view.notice && <Notice kind="ok">{view.notice}</Notice>}
      <section class="card" aria-labelledby="de-h">
        <h2 id="de-h">Properties</h2>
        <dl class="summary">
          <dt>External Key</dt>
          <dd>
            <code>{de.key}</code>
          </dd>
          <dt>Business unit</dt>
          <dd>{view.bu ? `${view.bu.name} (MID ${de.mid})` : `MID ${de.mid}`}</dd>
          <dt>Rows endpoint</dt>
          <dd>
            <code>{`POST ${view.restBaseUri}hub/v1/dataevents/key:${de.key}/rowset`}</code>
          </dd>
        </dl>
        <div class="table-wrap">
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Type</th>
                <th scope="col">Length</th>
                <th scope="col">Primary key</th>
                <th scope="col">Required</th>
              </tr>
            </thead>
            <tbody>
              {de.fields.map((f) => (
                <tr key={f.name}>
                  <td data-label="Field">{f.name}</td>
                  <td data-label="Type">{f.type}</td>
                  <td data-label="Length">
                    {f.length ?? (f.precision ? `${f.precision},${f.scale ?? 0}` : '—')}
                  </td>
                  <td data-label="Primary key">{f.isPrimaryKey ? 'Yes' : 'No'}</td>
                  <td data-label="Required">{f.isRequired ? 'Yes' : 'No'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section class="card" aria-labelledby="rows-h">
        <h2 id="rows-h">{`First rows (${view.rows.length})`}</h2>
        {view.rows.length === 0 ? (
          <p class="muted">No rows yet.</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  {de.fields.map((f) => (
                    <th scope="col" key={f.name}>
                      {f.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {view.rows.map((r) => (
                  <tr key={r.rowKey}>
                    {de.fields.map((f) => (
                      <td key={f.name}>{r.values[f.name] ?? ''}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Layout>,
  );
}

export function renderAuditPage(view: {
  frame: Frame;
  sub: string;
  events: readonly AuditEvent[];
  filters: { action: string; actor: string };
  next: string | undefined;
}) {
  const query = (before: string) =>
    `/setup/${view.sub}/audit?${new URLSearchParams({ ...view.filters, before }).toString()}`;
  return renderDocument(
    <Layout frame={view.frame}>
      <h1>Audit Log</h1>
      <form method="get" action={`/setup/${view.sub}/audit`} class="toolbar">
        <div>
          <label for="f-action">Action contains</label>
          <input type="text" id="f-action" name="action" value={view.filters.action} maxLength={100} />
        </div>
        <div>
          <label for="f-actor">Actor contains</label>
          <input type="text" id="f-actor" name="actor" value={view.filters.actor} maxLength={100} />
        </div>
        <button type="submit">Filter</button>
      </form>
      {view.events.length === 0 ? (
        <div class="card empty">No events match.</div>
      ) : (
        <AuditEventTable events={view.events} />
      )}
      {view.next && (
        <p>
          <a href={query(view.next)}>Older events</a>
        </p>
      )}
    </Layout>,
  );
}
