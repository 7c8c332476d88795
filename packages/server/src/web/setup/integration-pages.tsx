import type { BaseUris } from '../../setup/tenants/base-uris.js';
import type { InstalledPackage, Integration, IntegrationType } from '../../storage/records.js';
import { CopyValue, type FieldErrors, formatDate, Notice, TextArea, TextField } from './components.js';
import { CsrfField, type Frame, Layout, renderDocument } from './layout.js';
import {
  BaseUriList,
  INTEGRATION_TYPE_LABELS,
  PackageDescriptionField,
  PackageDetails,
  packageUrl,
} from './package-pages.js';
import { ScopeTable } from './scope-table.js';

export type WizardStep = 'component' | 'type' | 'redirect-uris' | 'scopes';

export interface WizardState {
  readonly integrationType: IntegrationType | undefined;
  /** As typed: one URI per line. */
  readonly redirectUris: string;
  readonly scopes: ReadonlySet<string>;
}

const TYPE_HINTS: Readonly<Record<IntegrationType, string>> = {
  'server-to-server':
    'Your app talks to Marketing Cloud on its own behalf (client credentials); no user signs in.',
  'web-app':
    'A web application with a server that keeps the client secret; users sign in (authorization code).',
  'public-app':
    'A browser or mobile app that cannot keep a secret; users sign in (authorization code with PKCE).',
};

export function IntegrationSummary(props: { integration: Integration; uris: BaseUris }) {
  const i = props.integration;
  return (
    <dl class="summary">
      <dt>Integration Type</dt>
      <dd>{INTEGRATION_TYPE_LABELS[i.integrationType]}</dd>
      <dt>Client Id</dt>
      <dd>
        <CopyValue id="client-id" label="Client Id" value={i.clientId} />
      </dd>
      <BaseUriList uris={props.uris} />
      {i.integrationType !== 'server-to-server' && (
        <>
          <dt>Redirect URIs</dt>
          <dd>
            <ul>
              {i.redirectUris.map((u) => (
                <li key={u}>
                  <code>{u}</code>
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
      <dt>Scope</dt>
      <dd>
        {i.scopes.length ? (
          i.scopes.map((s) => <code key={s}>{`${s} `}</code>)
        ) : (
          <span class="muted">none</span>
        )}
      </dd>
    </dl>
  );
}

export function renderComponentsPage(view: {
  frame: Frame;
  sub: string;
  pkg: InstalledPackage;
  integration: Integration | undefined;
  uris: BaseUris;
}) {
  return renderDocument(
    <Layout frame={view.frame}>
      <PackageDetails sub={view.sub} pkg={view.pkg} integration={view.integration} tab="Components">
        <section class="card" aria-labelledby="components-h">
          <h2 id="components-h">Components</h2>
          {view.integration ? (
            <>
              <h3>API Integration</h3>
              <IntegrationSummary integration={view.integration} uris={view.uris} />
              <div class="actions">
                <a class="button" href={packageUrl(view.sub, view.pkg.id, 'edit')}>
                  Edit scopes and redirect URIs
                </a>
              </div>
              <p class="muted">A package holds one API Integration; to remove it, delete the package.</p>
            </>
          ) : (
            <>
              <p>This package has no components yet.</p>
              <a class="button primary" href={packageUrl(view.sub, view.pkg.id, 'components/new')}>
                Add Component
              </a>
            </>
          )}
        </section>
      </PackageDetails>
    </Layout>,
  );
}

const STEP_LABELS: ReadonlyArray<readonly [WizardStep, string]> = [
  ['component', 'Component'],
  ['type', 'Integration type'],
  ['redirect-uris', 'Redirect URIs'],
  ['scopes', 'Scope'],
];

/** The Add Component wizard: each step a form that carries the earlier answers. */
export function renderWizardPage(view: {
  frame: Frame;
  sub: string;
  pkg: InstalledPackage;
  step: WizardStep;
  state: WizardState;
  errors: FieldErrors;
}) {
  const { state } = view;
  const needsUris = state.integrationType !== 'server-to-server';
  const steps = STEP_LABELS.filter(([s]) => s !== 'redirect-uris' || needsUris);
  const carried = (
    <>
      <CsrfField token={view.frame.csrfToken} />
      <input type="hidden" name="step" value={view.step} />
      {view.step !== 'type' && state.integrationType && (
        <input type="hidden" name="integrationType" value={state.integrationType} />
      )}
      {view.step !== 'redirect-uris' && state.redirectUris && (
        <input type="hidden" name="redirectUris" value={state.redirectUris} />
      )}
    </>
  );
  const back = (
    <button type="submit" name="go" value="back" formNoValidate>
      Back
    </button>
  );
  return renderDocument(
    <Layout frame={view.frame}>
      <h1>Add Component</h1>
      <p class="muted">{view.pkg.name}</p>
      <ol class="steps" aria-label="Steps">
        {steps.map(([s, label], i) => (
          <li key={s} aria-current={s === view.step ? 'step' : undefined}>
            {`${i + 1}. ${label}`}
          </li>
        ))}
      </ol>
      <div class="card">
        <form method="post" action={packageUrl(view.sub, view.pkg.id, 'components/new')}>
          {carried}
          {view.step === 'component' && (
            <fieldset>
              <legend>Choose a component</legend>
              <label class="choice">
                <input type="radio" name="component" value="api-integration" checked autofocus />
                <span>
                  <strong>API Integration</strong>
                  <br />
                  <span class="muted">Client id, secret and scopes for apps that call the APIs.</span>
                </span>
              </label>
            </fieldset>
          )}
          {view.step === 'type' && (
            <fieldset aria-describedby={view.errors.integrationType ? 'type-error' : undefined}>
              <legend>Choose your integration type</legend>
              {view.errors.integrationType && (
                <p class="field-error" id="type-error" role="alert">
                  {view.errors.integrationType}
                </p>
              )}
              {(Object.keys(INTEGRATION_TYPE_LABELS) as IntegrationType[]).map((t, i) => (
                <label class="choice" key={t}>
                  <input
                    type="radio"
                    name="integrationType"
                    value={t}
                    checked={state.integrationType ? state.integrationType === t : i === 0}
                  />
                  <span>
                    <strong>{INTEGRATION_TYPE_LABELS[t]}</strong>
                    <br />
                    <span class="muted">{TYPE_HINTS[t]}</span>
                  </span>
                </label>
              ))}
            </fieldset>
          )}
          {view.step === 'redirect-uris' && (
            <TextArea
              name="redirectUris"
              label="Redirect URIs"
              value={state.redirectUris}
              errors={view.errors}
              hint="One per line, 1 to 10, matched exactly (no wildcards). http only for 127.0.0.1 or localhost."
            />
          )}
          {view.step === 'scopes' && (
            <ScopeTable
              type={state.integrationType ?? 'server-to-server'}
              selected={state.scopes}
              errors={view.errors}
            />
          )}
          <div class="actions">
            {view.step !== 'component' && back}
            <button type="submit" name="go" value="next" class="primary">
              {view.step === 'scopes' ? 'Save' : 'Next'}
            </button>
            <a class="button" href={packageUrl(view.sub, view.pkg.id, 'components')}>
              Cancel
            </a>
          </div>
        </form>
      </div>
    </Layout>,
  );
}

/** After Save (or Generate): the secret, this once. */
export function SecretOnce(props: { secret: string; expiresAt: number }) {
  return (
    <section class="card secret-once" aria-labelledby="secret-h">
      <h2 id="secret-h">Client Secret</h2>
      <Notice kind="warn">
        <strong>Copy the client secret now.</strong> It is shown only this once: Packgate keeps only a hash of
        it. If you lose it, generate a new one on the Secrets tab.
      </Notice>
      <CopyValue id="client-secret" label="Client Secret" value={props.secret} />
      <p class="muted">Expires {formatDate(props.expiresAt)}.</p>
    </section>
  );
}

export function renderIntegrationCreatedPage(view: {
  frame: Frame;
  sub: string;
  pkg: InstalledPackage;
  integration: Integration;
  uris: BaseUris;
  clientSecret: string | undefined;
  secretExpiresAt: number | undefined;
}) {
  return renderDocument(
    <Layout frame={view.frame}>
      <PackageDetails sub={view.sub} pkg={view.pkg} integration={view.integration} tab="Components">
        <Notice kind="ok">API Integration added.</Notice>
        {view.clientSecret && view.secretExpiresAt && (
          <SecretOnce secret={view.clientSecret} expiresAt={view.secretExpiresAt} />
        )}
        <section class="card" aria-labelledby="integration-h">
          <h2 id="integration-h">API Integration</h2>
          <IntegrationSummary integration={view.integration} uris={view.uris} />
        </section>
        <p>
          <a href={packageUrl(view.sub, view.pkg.id, 'access')}>
            Next: choose who may use it on the Access tab
          </a>
        </p>
      </PackageDetails>
    </Layout>,
  );
}

export function renderEditPackagePage(view: {
  frame: Frame;
  sub: string;
  pkg: InstalledPackage;
  integration: Integration | undefined;
  values: { name: string; description: string; redirectUris: string; scopes: ReadonlySet<string> };
  errors: FieldErrors;
  propagationSeconds: number;
}) {
  const i = view.integration;
  return renderDocument(
    <Layout frame={view.frame}>
      <h1>Edit {view.pkg.name}</h1>
      <form method="post" action={packageUrl(view.sub, view.pkg.id, 'edit')}>
        <CsrfField token={view.frame.csrfToken} />
        <div class="card">
          <TextField
            name="name"
            label="Name"
            value={view.values.name}
            errors={view.errors}
            required
            maxLength={200}
          />
          <PackageDescriptionField value={view.values.description} errors={view.errors} />
        </div>
        {i && (
          <div class="card">
            <h2>API Integration ({INTEGRATION_TYPE_LABELS[i.integrationType]})</h2>
            {view.propagationSeconds > 0 && (
              <Notice kind="warn">
                Changes to scopes and redirect URIs reach new tokens within {view.propagationSeconds} s.
              </Notice>
            )}
            {i.integrationType !== 'server-to-server' && (
              <TextArea
                name="redirectUris"
                label="Redirect URIs"
                value={view.values.redirectUris}
                errors={view.errors}
                hint="One per line, 1 to 10, matched exactly."
              />
            )}
            <ScopeTable type={i.integrationType} selected={view.values.scopes} errors={view.errors} />
          </div>
        )}
        <div class="actions">
          <button type="submit" class="primary">
            Save
          </button>
          <a class="button" href={packageUrl(view.sub, view.pkg.id)}>
            Cancel
          </a>
        </div>
      </form>
    </Layout>,
  );
}
