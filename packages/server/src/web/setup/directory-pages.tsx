import type { BusinessUnit } from '../../storage/records.js';
import type { User } from '../../storage/user-records.js';
import { type FieldErrors, formatDate, Notice, TextField } from './components.js';
import { CsrfField, type Frame, Layout, renderDocument } from './layout.js';
import { NameAndBusinessUnitFields } from './name-and-business-unit-fields.js';
import { ScopeTable } from './scope-table.js';
import { TypeToConfirmForm } from './type-to-confirm-form.js';

function Tree(props: { units: readonly BusinessUnit[]; parent: number | null }) {
  const children = props.units.filter((u) => u.parentMid === props.parent);
  if (children.length === 0) return null;
  return (
    <ul class="tree">
      {children.map((u) => (
        <li key={u.mid}>
          <strong>{u.name}</strong> <span class="muted">{`MID ${u.mid}`}</span>
          <Tree units={props.units} parent={u.mid} />
        </li>
      ))}
    </ul>
  );
}

export function renderBusinessUnitsPage(view: {
  frame: Frame;
  sub: string;
  units: readonly BusinessUnit[];
  values: { name: string; parentMid: number | undefined };
  errors: FieldErrors;
  notice?: string | undefined;
}) {
  return renderDocument(
    <Layout frame={view.frame}>
      <h1>Business Units</h1>
      {view.notice && <Notice kind="ok">{view.notice}</Notice>}
      <section class="card" aria-labelledby="tree-h">
        <h2 id="tree-h">Hierarchy</h2>
        <Tree units={view.units} parent={null} />
      </section>
      <section class="card" aria-labelledby="new-bu-h">
        <h2 id="new-bu-h">New business unit</h2>
        <form method="post" action={`/setup/${view.sub}/business-units`}>
          <CsrfField token={view.frame.csrfToken} />
          <NameAndBusinessUnitFields
            name={view.values.name}
            nameMaxLength={200}
            unitField="parentMid"
            unitLabel="Parent business unit"
            units={view.units}
            selected={view.values.parentMid}
            errors={view.errors}
          />
          <div class="actions">
            <button type="submit" class="primary">
              Create
            </button>
          </div>
        </form>
      </section>
    </Layout>,
  );
}

export function renderUsersPage(view: {
  frame: Frame;
  sub: string;
  users: readonly User[];
  names: ReadonlyMap<number, string>;
}) {
  return renderDocument(
    <Layout frame={view.frame}>
      <div class="toolbar">
        <h1>Users</h1>
        <a class="button primary" href={`/setup/${view.sub}/users/new`}>
          New User
        </a>
      </div>
      {view.users.length === 0 ? (
        <div class="card empty">No users yet. Web and Public Apps need users who sign in.</div>
      ) : (
        <div class="table-wrap">
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Email</th>
                <th scope="col">Business units</th>
                <th scope="col">Installed Package | Administer</th>
              </tr>
            </thead>
            <tbody>
              {view.users.map((u) => (
                <tr key={u.id}>
                  <td data-label="Username">
                    <a href={`/setup/${view.sub}/users/${u.id}`}>{u.username}</a>
                  </td>
                  <td data-label="Email">{u.email ?? <span class="muted">—</span>}</td>
                  <td data-label="Business units">
                    {u.businessUnits.map((m) => view.names.get(m.mid) ?? String(m.mid)).join(', ') || '—'}
                  </td>
                  <td data-label="Administer">{u.administerPackages ? 'Yes' : 'No'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>,
  );
}

export interface UserFormValues {
  readonly username: string;
  readonly email: string;
  readonly administer: boolean;
  readonly mids: ReadonlySet<number>;
  readonly permissions: ReadonlySet<string>;
}

/** Create (with username and password) or edit a user; permissions apply to every chosen BU. */
export function renderUserFormPage(view: {
  frame: Frame;
  sub: string;
  user: User | undefined;
  units: readonly BusinessUnit[];
  values: UserFormValues;
  errors: FieldErrors;
  notice?: string | undefined;
}) {
  const editing = view.user !== undefined;
  const action = editing ? `/setup/${view.sub}/users/${view.user?.id}` : `/setup/${view.sub}/users/new`;
  const buError = view.errors.businessUnits;
  return renderDocument(
    <Layout frame={view.frame}>
      <h1>{editing ? view.user?.username : 'New User'}</h1>
      {view.notice && <Notice kind="ok">{view.notice}</Notice>}
      <form method="post" action={action}>
        <CsrfField token={view.frame.csrfToken} />
        <div class="card">
          {!editing && (
            <>
              <TextField
                name="username"
                label="Username"
                value={view.values.username}
                errors={view.errors}
                required
                maxLength={100}
                autocomplete="off"
              />
              <TextField
                name="password"
                label="Password"
                type="password"
                errors={view.errors}
                hint="At least 8 characters."
                required
                maxLength={200}
                autocomplete="new-password"
              />
            </>
          )}
          {editing && view.user && <p class="muted">Created {formatDate(view.user.createdAt)}</p>}
          <TextField
            name="email"
            label="Email"
            type="email"
            value={view.values.email}
            errors={view.errors}
            maxLength={320}
          />
          <label class="choice">
            <input type="checkbox" name="administer" value="true" checked={view.values.administer} />
            <span>
              <strong>Installed Package | Administer</strong> (may use Setup)
            </span>
          </label>
        </div>
        <fieldset class="card" aria-describedby={buError ? 'bu-error' : undefined}>
          <legend>Business units</legend>
          {buError && (
            <p class="field-error" id="bu-error" role="alert">
              {buError}
            </p>
          )}
          {view.units.map((bu) => (
            <label class="choice" key={bu.mid}>
              <input
                type="checkbox"
                name="mids"
                value={String(bu.mid)}
                checked={view.values.mids.has(bu.mid)}
              />
              <span>{`${bu.name} (MID ${bu.mid})`}</span>
            </label>
          ))}
        </fieldset>
        <div class="card">
          <h2>Permissions in those business units</h2>
          <p class="muted">
            A user-context token never carries more than the user holds in its business unit.
          </p>
          <ScopeTable type="server-to-server" selected={view.values.permissions} errors={view.errors} />
        </div>
        <div class="actions">
          <button type="submit" class="primary">
            Save
          </button>
          <a class="button" href={`/setup/${view.sub}/users`}>
            Cancel
          </a>
        </div>
      </form>
      {editing && view.user && (
        <section class="card" aria-labelledby="reset-h">
          <h2 id="reset-h">Reset password</h2>
          <p class="muted">A new password ends the user's sessions and revokes every token issued to them.</p>
          <form method="post" action={`/setup/${view.sub}/users/${view.user.id}/password`}>
            <CsrfField token={view.frame.csrfToken} />
            <TextField
              name="password"
              label="New password"
              type="password"
              errors={view.errors}
              required
              maxLength={200}
              autocomplete="new-password"
            />
            <div class="actions">
              <button type="submit">Reset password</button>
            </div>
          </form>
        </section>
      )}
      {editing && view.user && (
        <section class="card" aria-labelledby="delete-user-h">
          <h2 id="delete-user-h">Delete user</h2>
          <p class="muted">Deleting a user revokes every token issued to them.</p>
          <a class="button" href={`/setup/${view.sub}/users/${view.user.id}/delete`}>
            Delete user
          </a>
        </section>
      )}
    </Layout>,
  );
}

export function renderDeleteUserPage(view: { frame: Frame; sub: string; user: User; errors: FieldErrors }) {
  return renderDocument(
    <Layout frame={view.frame}>
      <h1>Delete {view.user.username}</h1>
      <div class="card">
        <Notice kind="warn">
          The user can no longer sign in, and every token issued to them is revoked at once. This cannot be
          undone.
        </Notice>
        <TypeToConfirmForm
          action={`/setup/${view.sub}/users/${view.user.id}/delete`}
          csrfToken={view.frame.csrfToken}
          what={`the username (${view.user.username})`}
          errors={view.errors}
          maxLength={100}
          submitLabel="Delete user"
          cancelHref={`/setup/${view.sub}/users/${view.user.id}`}
        />
      </div>
    </Layout>,
  );
}
