import type { ComponentChildren } from 'preact';
import type { BaseUris } from '../../setup/tenants/base-uris.js';
import type { BusinessUnit, InstalledPackage, Integration, IntegrationType } from '../../storage/records.js';
import { CopyValue, type FieldErrors, formatDate, Notice, Tabs, TextArea } from './components.js';
import { CsrfField, type Frame, Layout, renderDocument } from './layout.js';
import { NameAndBusinessUnitFields } from './name-and-business-unit-fields.js';
import { TypeToConfirmForm } from './type-to-confirm-form.js';

export const INTEGRATION_TYPE_LABELS: Readonly<Record<IntegrationType, string>> = {
  'server-to-server': 'Server-to-Server',
  'web-app': 'Web App',
  'public-app': 'Public App',
};

export interface PackageRow {
  readonly pkg: InstalledPackage;
  readonly integration: Integration | undefined;
  /** The active secret's expiry; undefined without a secret (N/A). */
  readonly secretExpiresAt: number | undefined;
  /** When the integration last got a token (usage counters); undefined: never. */
  readonly lastTokenAt: number | undefined;
}

export const packagesUrl = (sub: string) => `/setup/${sub}/packages`;
export const packageUrl = (sub: string, id: string, tab = '') =>
  `/setup/${sub}/packages/${id}${tab ? `/${tab}` : ''}`;

export function renderPackageListPage(view: {
  frame: Frame;
  sub: string;
  rows: readonly PackageRow[];
  q: string;
}) {
  return renderDocument(
    <Layout frame={view.frame}>
      <h1>Installed Packages</h1>
      <div class="toolbar">
        <search>
          <form method="get" action={packagesUrl(view.sub)}>
            <div>
              <label for="q">Search packages</label>
              <input type="search" id="q" name="q" value={view.q} maxLength={200} />
            </div>
            <button type="submit">Search</button>
          </form>
        </search>
        <a class="button primary" href={`${packagesUrl(view.sub)}/new`}>
          New
        </a>
      </div>
      {view.rows.length === 0 ? (
        <div class="card empty">
          {view.q
            ? `No package matches "${view.q}".`
            : 'No installed packages yet. Choose New to create one.'}
        </div>
      ) : (
        <div class="table-wrap">
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Description</th>
                <th scope="col">Integration Type</th>
                <th scope="col">Client Id</th>
                <th scope="col">Client Secret Expires</th>
                <th scope="col">Last Token Issued</th>
              </tr>
            </thead>
            <tbody>
              {view.rows.map((r) => (
                <tr key={r.pkg.id}>
                  <td data-label="Name">
                    <a href={packageUrl(view.sub, r.pkg.id)}>{r.pkg.name}</a>
                  </td>
                  <td data-label="Description">{r.pkg.description || <span class="muted">—</span>}</td>
                  <td data-label="Integration Type">
                    {r.integration ? (
                      INTEGRATION_TYPE_LABELS[r.integration.integrationType]
                    ) : (
                      <span class="muted">—</span>
                    )}
                  </td>
                  <td data-label="Client Id">
                    {r.integration ? <code>{r.integration.clientId}</code> : <span class="muted">—</span>}
                  </td>
                  <td data-label="Client Secret Expires">
                    {r.secretExpiresAt ? formatDate(r.secretExpiresAt) : 'N/A'}
                  </td>
                  <td data-label="Last Token Issued">
                    {r.lastTokenAt ? formatDate(r.lastTokenAt) : <span class="muted">Never</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>,
  );
}

export function renderNewPackagePage(view: {
  frame: Frame;
  sub: string;
  units: readonly BusinessUnit[];
  values: { name: string; description: string; mid: number | undefined };
  errors: FieldErrors;
}) {
  return renderDocument(
    <Layout frame={view.frame}>
      <h1>New Package</h1>
      <div class="card">
        <form method="post" action={`${packagesUrl(view.sub)}/new`}>
          <CsrfField token={view.frame.csrfToken} />
          <NameAndBusinessUnitFields
            name={view.values.name}
            nameMaxLength={200}
            autofocus
            unitField="mid"
            unitLabel="Created in business unit"
            unitHint="A Server-to-Server integration of this package can reach this BU; enable others on its Access tab."
            units={view.units}
            selected={view.values.mid}
            errors={view.errors}
          >
            <PackageDescriptionField value={view.values.description} errors={view.errors} />
          </NameAndBusinessUnitFields>
          <div class="actions">
            <button type="submit" class="primary">
              Save
            </button>
            <a class="button" href={packagesUrl(view.sub)}>
              Cancel
            </a>
          </div>
        </form>
      </div>
    </Layout>,
  );
}

/** A package's description, as the New Package and Edit pages ask for it. */
export function PackageDescriptionField(props: { value: string; errors: FieldErrors }) {
  return (
    <TextArea
      name="description"
      label="Description"
      value={props.value}
      errors={props.errors}
      maxLength={2000}
    />
  );
}

export type PackageTab = 'Summary' | 'Components' | 'Access' | 'Secrets';

/** The details frame of one package: its name, Edit and Delete, and the tabs. */
export function PackageDetails(props: {
  sub: string;
  pkg: InstalledPackage;
  integration: Integration | undefined;
  tab: PackageTab;
  children: ComponentChildren;
}) {
  const { sub, pkg } = props;
  const tabs: Array<readonly [string, string]> = [
    ['Summary', packageUrl(sub, pkg.id)],
    ['Components', packageUrl(sub, pkg.id, 'components')],
  ];
  if (props.integration) tabs.push(['Access', packageUrl(sub, pkg.id, 'access')]);
  if (props.integration && props.integration.integrationType !== 'public-app') {
    tabs.push(['Secrets', packageUrl(sub, pkg.id, 'secrets')]);
  }
  return (
    <>
      <div class="toolbar">
        <h1>{pkg.name}</h1>
        <div class="actions">
          <a class="button" href={packageUrl(sub, pkg.id, 'edit')}>
            Edit
          </a>
          <a class="button" href={packageUrl(sub, pkg.id, 'delete')}>
            Delete
          </a>
        </div>
      </div>
      <Tabs items={tabs} current={props.tab} />
      {props.children}
    </>
  );
}

export function BaseUriList(props: { uris: BaseUris }) {
  return (
    <>
      <dt>Authentication Base URI</dt>
      <dd>
        <CopyValue id="auth-base-uri" label="Authentication Base URI" value={props.uris.authBaseUri} />
      </dd>
      <dt>REST Base URI</dt>
      <dd>
        <CopyValue id="rest-base-uri" label="REST Base URI" value={props.uris.restBaseUri} />
      </dd>
      <dt>SOAP Base URI</dt>
      <dd>
        <CopyValue id="soap-base-uri" label="SOAP Base URI" value={props.uris.soapBaseUri} />
      </dd>
    </>
  );
}

export function renderSummaryPage(view: {
  frame: Frame;
  sub: string;
  pkg: InstalledPackage;
  bu: BusinessUnit | undefined;
  integration: Integration | undefined;
  uris: BaseUris;
  notice?: string | undefined;
}) {
  const { pkg } = view;
  return renderDocument(
    <Layout frame={view.frame}>
      <PackageDetails sub={view.sub} pkg={pkg} integration={view.integration} tab="Summary">
        {view.notice && <Notice kind="ok">{view.notice}</Notice>}
        <section class="card" aria-labelledby="details-h">
          <h2 id="details-h">Details</h2>
          <dl class="summary">
            <dt>Name</dt>
            <dd>{pkg.name}</dd>
            <dt>Description</dt>
            <dd>{pkg.description || <span class="muted">—</span>}</dd>
            <dt>Package ID</dt>
            <dd>
              <CopyValue id="package-id" label="Package ID" value={pkg.id} />
            </dd>
            <dt>Created in</dt>
            <dd>{view.bu ? `${view.bu.name} (MID ${view.bu.mid})` : `MID ${pkg.mid}`}</dd>
            <dt>Created</dt>
            <dd>{formatDate(pkg.createdAt)}</dd>
            <dt>Last modified</dt>
            <dd>{formatDate(pkg.updatedAt)}</dd>
          </dl>
        </section>
        <section class="card" aria-labelledby="api-h">
          <h2 id="api-h">API Integration</h2>
          {view.integration ? (
            <dl class="summary">
              <dt>Integration Type</dt>
              <dd>{INTEGRATION_TYPE_LABELS[view.integration.integrationType]}</dd>
              <dt>Client Id</dt>
              <dd>
                <CopyValue id="client-id" label="Client Id" value={view.integration.clientId} />
              </dd>
              <BaseUriList uris={view.uris} />
            </dl>
          ) : (
            <p>
              This package has no API Integration yet.{' '}
              <a href={packageUrl(view.sub, pkg.id, 'components/new')}>Add Component</a>
            </p>
          )}
        </section>
      </PackageDetails>
    </Layout>,
  );
}

export function renderDeletePackagePage(view: {
  frame: Frame;
  sub: string;
  pkg: InstalledPackage;
  errors: FieldErrors;
}) {
  return renderDocument(
    <Layout frame={view.frame}>
      <h1>Delete {view.pkg.name}</h1>
      <div class="card">
        <Notice kind="warn">
          Deleting a package removes its API Integration: its client id and secrets stop working at once. This
          cannot be undone.
        </Notice>
        <TypeToConfirmForm
          action={packageUrl(view.sub, view.pkg.id, 'delete')}
          csrfToken={view.frame.csrfToken}
          what={`the package name (${view.pkg.name})`}
          errors={view.errors}
          maxLength={200}
          submitLabel="Delete package"
          cancelHref={packageUrl(view.sub, view.pkg.id)}
        />
      </div>
    </Layout>,
  );
}
