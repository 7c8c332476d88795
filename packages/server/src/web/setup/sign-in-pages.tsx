import { type FieldErrors, Notice, TextField } from './components.js';
import { CsrfField, type Frame, Layout, renderDocument, type Viewer } from './layout.js';

export function renderSignInPage(view: {
  csrfToken: string;
  subdomain?: string | undefined;
  username?: string | undefined;
  error?: string | undefined;
  errors?: FieldErrors | undefined;
}) {
  return renderDocument(
    <Layout frame={{ title: 'Sign in', csrfToken: view.csrfToken }}>
      <div class="card narrow">
        <h1>Sign in to Setup</h1>
        <p class="muted">
          For users with the permission <strong>Installed Package | Administer</strong>.
        </p>
        {view.error && <Notice kind="error">{view.error}</Notice>}
        <form method="post" action="/setup/sign-in">
          <CsrfField token={view.csrfToken} />
          <TextField
            name="subdomain"
            label="Tenant subdomain"
            value={view.subdomain}
            errors={view.errors}
            hint="The 28 characters starting with mc in your base URIs."
            required
            maxLength={64}
            autocomplete="organization"
          />
          <TextField
            name="username"
            label="Username"
            value={view.username}
            errors={view.errors}
            required
            maxLength={200}
            autocomplete="username"
          />
          <TextField
            name="password"
            label="Password"
            type="password"
            errors={view.errors}
            required
            maxLength={200}
            autocomplete="current-password"
          />
          <div class="actions">
            <button type="submit" class="primary">
              Sign in
            </button>
          </div>
        </form>
        <h2>Operator</h2>
        <p class="muted">
          Open the one-time link printed on the <code>Setup UI:</code> line when the server starts, or run{' '}
          <code>npx packgate setup-link</code> for a new one.
        </p>
      </div>
    </Layout>,
  );
}

/** The GET of a one-time link: nothing is spent until the button is pressed (link previews). */
export function renderSetupLinkPage(view: { csrfToken: string; action: string; live: boolean }) {
  return renderDocument(
    <Layout frame={{ title: view.live ? 'Operator sign-in' : 'Link not valid', csrfToken: view.csrfToken }}>
      <div class="card narrow">
        {view.live ? (
          <>
            <h1>Operator sign-in</h1>
            <p>This one-time link signs you in to Setup as the operator of this Packgate server.</p>
            <form method="post" action={view.action}>
              <CsrfField token={view.csrfToken} />
              <div class="actions">
                <button type="submit" class="primary" autofocus>
                  Sign in as operator
                </button>
              </div>
            </form>
            <p class="muted">The link works once and expires 10 minutes after it was printed.</p>
          </>
        ) : (
          <>
            <h1>This sign-in link is no longer valid</h1>
            <Notice kind="error">
              A one-time link works once and for 10 minutes. This one was already used, has expired, or was
              never issued by this server.
            </Notice>
            <p>
              Run <code>npx packgate setup-link</code> on the server for a new link, or restart it (every
              start prints one on the <code>Setup UI:</code> line).
            </p>
            <p>
              <a href="/setup/sign-in">Sign in with a username and password</a>
            </p>
          </>
        )}
      </div>
    </Layout>,
  );
}

export function renderRefusedPage(view: { csrfToken: string; username: string }) {
  return renderDocument(
    <Layout frame={{ title: 'Not allowed', csrfToken: view.csrfToken }}>
      <div class="card narrow">
        <h1>You cannot use Setup</h1>
        <Notice kind="error">
          The user {view.username} does not have the permission{' '}
          <strong>Installed Package | Administer</strong>.
        </Notice>
        <p>Ask an administrator of your account to grant it on the Users page, then sign in again.</p>
        <p>
          <a href="/setup/sign-in">Back to sign-in</a>
        </p>
      </div>
    </Layout>,
  );
}

export function renderMessagePage(view: {
  frame: Frame;
  heading: string;
  message: string;
  back?: readonly [string, string] | undefined;
}) {
  return renderDocument(
    <Layout frame={view.frame}>
      <div class="card narrow">
        <h1>{view.heading}</h1>
        <Notice kind="error">{view.message}</Notice>
        <p>{view.back ? <a href={view.back[1]}>{view.back[0]}</a> : <a href="/setup/">Back to Setup</a>}</p>
      </div>
    </Layout>,
  );
}

export type { Viewer };
