import type {
  BusinessUnit,
  ClientSecretRecord,
  InstalledPackage,
  Integration,
} from '../../storage/records.js';
import type { User } from '../../storage/user-records.js';
import { type FieldErrors, formatDate, Notice, TextField } from './components.js';
import { SecretOnce } from './integration-pages.js';
import { CsrfField, type Frame, Layout, renderDocument } from './layout.js';
import { PackageDetails, packageUrl } from './package-pages.js';

export function renderAccessPage(view: {
  frame: Frame;
  propagationSeconds: number;
  sub: string;
  pkg: InstalledPackage;
  integration: Integration;
  units: readonly BusinessUnit[];
  users: readonly User[];
  licensed: ReadonlySet<number>;
  notice?: string | undefined;
  error?: string | undefined;
}) {
  const i = view.integration;
  const s2s = i.integrationType === 'server-to-server';
  return renderDocument(
    <Layout frame={view.frame}>
      <PackageDetails sub={view.sub} pkg={view.pkg} integration={i} tab="Access">
        {view.notice && <Notice kind="ok">{view.notice}</Notice>}
        {view.error && <Notice kind="error">{view.error}</Notice>}
        {view.propagationSeconds > 0 && (
          <Notice kind="warn">Changes to access reach new tokens within {view.propagationSeconds} s.</Notice>
        )}
        <form method="post" action={packageUrl(view.sub, view.pkg.id, 'access')} class="card">
          <CsrfField token={view.frame.csrfToken} />
          {s2s ? (
            <>
              <h2>Business units</h2>
              <p class="muted">
                Tokens of this integration may be requested for the business units enabled here.
              </p>
              <label class="choice">
                <input type="checkbox" id="access-all" name="all" value="true" checked={i.accessAll} />
                <span>
                  <strong>Enable All Business Units</strong> (includes business units created later)
                </span>
              </label>
              <fieldset>
                <legend>Enable Integration for</legend>
                {view.units.map((bu) => (
                  <label class="choice" key={bu.mid}>
                    <input
                      type="checkbox"
                      name="mids"
                      value={String(bu.mid)}
                      data-bu=""
                      checked={i.accessAll || i.accessMids.includes(bu.mid)}
                    />
                    <span>{`${bu.name} (MID ${bu.mid})`}</span>
                  </label>
                ))}
              </fieldset>
            </>
          ) : (
            <>
              <h2>Licensed users</h2>
              <p class="muted">
                Only licensed users can sign in to this app. A user losing the licence loses its tokens at
                once.
              </p>
              {view.users.length === 0 ? (
                <p>
                  This tenant has no users yet.{' '}
                  <a href={`/setup/${view.sub}/users`}>Create one on the Users page.</a>
                </p>
              ) : (
                <fieldset>
                  <legend>License users</legend>
                  {view.users.map((u) => (
                    <label class="choice" key={u.id}>
                      <input
                        type="checkbox"
                        name="userIds"
                        value={String(u.id)}
                        checked={view.licensed.has(u.id)}
                      />
                      <span>{u.email ? `${u.username} (${u.email})` : u.username}</span>
                    </label>
                  ))}
                </fieldset>
              )}
            </>
          )}
          <div class="actions">
            <button type="submit" name="go" value="save" class="primary">
              Save
            </button>
            {!s2s && view.users.length > 0 && (
              <button type="submit" name="go" value="all">
                License All Users
              </button>
            )}
          </div>
        </form>
      </PackageDetails>
    </Layout>,
  );
}

/** Grace periods offered on activation (the service allows 0–7 days). */
export const GRACE_CHOICES: ReadonlyArray<readonly [number, string]> = [
  [0, 'immediately'],
  [3600, 'after 1 hour'],
  [86_400, 'after 1 day'],
  [7 * 86_400, 'after 7 days'],
];

const STATE_LABELS = { active: 'Active', staged: 'Staged', retired: 'Retired', revoked: 'Revoked' } as const;

export function renderSecretsPage(view: {
  frame: Frame;
  sub: string;
  pkg: InstalledPackage;
  integration: Integration;
  secrets: readonly ClientSecretRecord[];
  propagationSeconds: number;
  now: number;
  created?: { secret: string; expiresAt: number } | undefined;
  notice?: string | undefined;
  error?: string | undefined;
  errors?: FieldErrors | undefined;
  rotationIntervalSeconds: number;
}) {
  const shown = view.secrets.filter((s) => s.state !== 'retired');
  const base = packageUrl(view.sub, view.pkg.id, 'secrets');
  return renderDocument(
    <Layout frame={view.frame}>
      <PackageDetails sub={view.sub} pkg={view.pkg} integration={view.integration} tab="Secrets">
        {view.notice && <Notice kind="ok">{view.notice}</Notice>}
        {view.error && <Notice kind="error">{view.error}</Notice>}
        {view.created && <SecretOnce secret={view.created.secret} expiresAt={view.created.expiresAt} />}
        <section class="card" aria-labelledby="secrets-h">
          <h2 id="secrets-h">Client Secrets</h2>
          <div class="table-wrap">
            <table class="stack">
              <thead>
                <tr>
                  <th scope="col">State</th>
                  <th scope="col">Description</th>
                  <th scope="col">Created</th>
                  <th scope="col">Usable from</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((s) => (
                  <tr key={s.id}>
                    <td data-label="State">
                      <span class={`badge ${s.state}`}>{STATE_LABELS[s.state]}</span>
                    </td>
                    <td data-label="Description">{s.description || <span class="muted">—</span>}</td>
                    <td data-label="Created">{formatDate(s.createdAt)}</td>
                    <td data-label="Usable from">{formatDate(s.usableAt)}</td>
                    <td data-label="Expires">{formatDate(s.expiresAt)}</td>
                    <td data-label="Action">
                      <div class="actions">
                        {s.state === 'staged' && (
                          <a class="button" href={`${base}/${s.id}/activate`}>
                            Activate
                          </a>
                        )}
                        {(s.state === 'active' || s.state === 'staged') && (
                          <a
                            class="button"
                            href={`${base}/${s.id}/revoke`}
                            aria-label={`Revoke the ${s.state} secret`}
                          >
                            Revoke
                          </a>
                        )}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section class="card" aria-labelledby="stage-h">
          <h2 id="stage-h">Staged Secret</h2>
          <p>
            Generate a staged secret to rotate without downtime: until you activate it, both the active and
            the staged secret authenticate
            {view.propagationSeconds > 0 ? ` (the staged one after ${view.propagationSeconds} s)` : ''}.
            Generating again replaces a staged secret that was never activated.
          </p>
          <form method="post" action={`${base}/stage`}>
            <CsrfField token={view.frame.csrfToken} />
            <TextField
              name="description"
              label="Description"
              hint="What the secret is for, e.g. rotation 2026-Q4 (shown in this list; never the secret)."
              maxLength={200}
              errors={view.errors}
            />
            <div class="actions">
              <button type="submit" class="primary">
                Generate
              </button>
            </div>
          </form>
        </section>
      </PackageDetails>
    </Layout>,
  );
}

/** A server-rendered confirmation step (no script dialog): activating retires the active secret. */
export function renderActivateSecretPage(view: {
  frame: Frame;
  sub: string;
  pkg: InstalledPackage;
  secret: ClientSecretRecord;
  now: number;
}) {
  const base = packageUrl(view.sub, view.pkg.id, 'secrets');
  const early = view.secret.usableAt > view.now;
  return renderDocument(
    <Layout frame={view.frame}>
      <h1>Activate the staged secret?</h1>
      <div class="card">
        <Notice kind="warn">
          Activating makes the staged secret the active one and{' '}
          <strong>deactivates the current secret immediately</strong>: every app still using it stops getting
          tokens.
        </Notice>
        {early && (
          <Notice kind="error">
            The staged secret becomes usable at {formatDate(view.secret.usableAt)}; activate it after that,
            once every instance knows it.
          </Notice>
        )}
        <p>
          Staged secret created {formatDate(view.secret.createdAt)}, expires{' '}
          {formatDate(view.secret.expiresAt)}.
        </p>
        <form method="post" action={`${base}/${view.secret.id}/activate`}>
          <CsrfField token={view.frame.csrfToken} />
          <label for="f-grace">The current secret stops working</label>
          <select id="f-grace" name="grace">
            {GRACE_CHOICES.map(([seconds, label]) => (
              <option key={seconds} value={String(seconds)}>
                {label}
              </option>
            ))}
          </select>
          <p class="field-hint">During a grace period every use of the old secret is logged and counted.</p>
          <div class="actions">
            <button type="submit" class="danger">
              Activate
            </button>
            <a class="button" href={base}>
              Cancel
            </a>
          </div>
        </form>
      </div>
    </Layout>,
  );
}

/** Revoking a leaked secret: a server-rendered confirmation step. */
export function renderRevokeSecretPage(view: {
  frame: Frame;
  sub: string;
  pkg: InstalledPackage;
  secret: ClientSecretRecord;
}) {
  const base = packageUrl(view.sub, view.pkg.id, 'secrets');
  return renderDocument(
    <Layout frame={view.frame}>
      <h1>Revoke this secret?</h1>
      <div class="card">
        <Notice kind="warn">
          For a leaked secret: it stops authenticating <strong>at once</strong>, on every instance, and every
          access token issued with it is revoked.
          {view.secret.state === 'active'
            ? ' This is the active secret: the integration has no working secret until you generate one.'
            : ''}
        </Notice>
        <p>
          {`${view.secret.state === 'active' ? 'Active' : 'Staged'} secret created ${formatDate(view.secret.createdAt)}`}
          {view.secret.description ? ` (${view.secret.description})` : ''}.
        </p>
        <form method="post" action={`${base}/${view.secret.id}/revoke`}>
          <CsrfField token={view.frame.csrfToken} />
          <div class="actions">
            <button type="submit" class="danger">
              Revoke
            </button>
            <a class="button" href={base}>
              Cancel
            </a>
          </div>
        </form>
      </div>
    </Layout>,
  );
}
