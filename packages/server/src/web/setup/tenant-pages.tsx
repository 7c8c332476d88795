import type { AuditEvent, Tenant } from '../../storage/records.js';
import { AuditEventTable } from './audit-event-table.js';
import { type FieldErrors, Notice, TextField } from './components.js';
import { CsrfField, type Frame, Layout, renderDocument } from './layout.js';
import { TypeToConfirmForm } from './type-to-confirm-form.js';

export function renderTenantsPage(view: {
  frame: Frame;
  tenants: readonly Tenant[];
  /** Server-wide audit events (deleted tenants, sign-in links), newest first. */
  events: readonly AuditEvent[];
  values: { name: string };
  errors: FieldErrors;
  notice?: string | undefined;
}) {
  return renderDocument(
    <Layout frame={view.frame}>
      <h1>Tenants</h1>
      {view.notice && <Notice kind="ok">{view.notice}</Notice>}
      <p class="muted">
        As the operator you may manage every tenant (Marketing Cloud account) of this server.
      </p>
      <div class="table-wrap">
        <table class="stack">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Subdomain</th>
              <th scope="col">EID</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {view.tenants.map((t) => (
              <tr key={t.subdomain}>
                <td data-label="Name">
                  <a href={`/setup/${t.subdomain}/packages`}>{t.name}</a>
                </td>
                <td data-label="Subdomain">
                  <code>{t.subdomain}</code>
                </td>
                <td data-label="EID">{t.eid}</td>
                <td data-label="Action">
                  <a href={`/setup/tenants/${t.subdomain}/delete`} aria-label={`Delete ${t.name}`}>
                    Delete
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section class="card" aria-labelledby="new-tenant-h">
        <h2 id="new-tenant-h">New tenant</h2>
        <form method="post" action="/setup/tenants">
          <CsrfField token={view.frame.csrfToken} />
          <TextField
            name="name"
            label="Name"
            value={view.values.name}
            errors={view.errors}
            required
            maxLength={200}
          />
          <p class="field-hint">A new subdomain, EID and top business unit are created.</p>
          <div class="actions">
            <button type="submit" class="primary">
              Create
            </button>
          </div>
        </form>
      </section>
      <section class="card" aria-labelledby="server-events-h">
        <h2 id="server-events-h">Server-wide events</h2>
        <p class="muted">
          Events that belong to no tenant: deleted tenants and Setup sign-in links (latest 20).
        </p>
        <AuditEventTable events={view.events} />
      </section>
    </Layout>,
  );
}

export function renderDeleteTenantPage(view: { frame: Frame; tenant: Tenant; errors: FieldErrors }) {
  return renderDocument(
    <Layout frame={view.frame}>
      <h1>Delete {view.tenant.name}</h1>
      <div class="card">
        <Notice kind="warn">
          Everything of this tenant goes: business units, packages and their credentials, users, Data
          Extensions and its audit trail. This cannot be undone.
        </Notice>
        <TypeToConfirmForm
          action={`/setup/tenants/${view.tenant.subdomain}/delete`}
          csrfToken={view.frame.csrfToken}
          what={`the subdomain (${view.tenant.subdomain})`}
          errors={view.errors}
          maxLength={64}
          submitLabel="Delete tenant"
          cancelHref={'/setup/tenants'}
        />
      </div>
    </Layout>,
  );
}
