import { escapeHtml, hiddenFields, renderPage } from './html.js';

/** Pages of the authorization flow. Every argument is plain text: it is escaped here. */

export interface FormContext {
  /** Absolute URL the form posts to (`{auth}v2/authorize`). */
  readonly action: string;
  /** The authorize request's parameters, carried through the form unchanged. */
  readonly parameters: Readonly<Record<string, string | undefined>>;
  readonly csrfToken: string;
}

export function renderLoginPage(
  form: FormContext,
  view: { appName: string; error?: string; username?: string },
) {
  return renderPage(
    'Sign in',
    `    <h1>Sign in to Marketing Cloud</h1>
    <p class="muted">${escapeHtml(view.appName)} asks to access your account.</p>
    ${view.error ? `<p class="error" role="alert">${escapeHtml(view.error)}</p>` : ''}
    <form method="post" action="${escapeHtml(form.action)}">
      ${hiddenFields({ ...form.parameters, csrf_token: form.csrfToken, action: 'login' })}
      <label for="username">Username</label>
      <input type="text" id="username" name="username" autocomplete="username" required value="${escapeHtml(view.username ?? '')}">
      <label for="password">Password</label>
      <input type="password" id="password" name="password" autocomplete="current-password" required>
      <button type="submit">Sign in</button>
    </form>`,
  );
}

export function renderChooseBusinessUnitPage(
  form: FormContext,
  view: { appName: string; username: string; units: ReadonlyArray<{ mid: number; name: string }> },
) {
  const options = view.units
    .map(
      (u, i) =>
        `<label><input type="radio" name="mid" value="${u.mid}"${i === 0 ? ' checked' : ''}> ${escapeHtml(u.name)} <span class="muted">(MID ${u.mid})</span></label>`,
    )
    .join('\n        ');
  return renderPage(
    'Choose a business unit',
    `    <h1>Choose a business unit</h1>
    <p class="muted">Signed in as ${escapeHtml(view.username)}. ${escapeHtml(view.appName)} will act in the business unit you choose.</p>
    <form method="post" action="${escapeHtml(form.action)}">
      ${hiddenFields({ ...form.parameters, csrf_token: form.csrfToken, action: 'choose' })}
      <fieldset>
        <legend>Business unit</legend>
        ${options}
      </fieldset>
      <button type="submit">Continue</button>
    </form>`,
  );
}

/** Shown instead of redirecting when the client or redirect URI cannot be trusted. */
export function renderAuthorizeErrorPage(error: string, description: string) {
  return renderPage(
    'Authorization error',
    `    <h1>This sign-in link is not valid</h1>
    <p class="error" role="alert"><strong>${escapeHtml(error)}</strong>: ${escapeHtml(description)}</p>
    <p class="muted">Tell the developer of the application that sent you here.</p>`,
  );
}

export function renderLogoutPage(view: { action: string; csrfToken: string; username?: string }) {
  if (view.username === undefined) {
    return renderPage('Signed out', '    <h1>You are signed out</h1>');
  }
  return renderPage(
    'Sign out',
    `    <h1>Sign out</h1>
    <p>Signed in as ${escapeHtml(view.username)}.</p>
    <form method="post" action="${escapeHtml(view.action)}">
      ${hiddenFields({ csrf_token: view.csrfToken })}
      <button type="submit">Sign out</button>
    </form>`,
  );
}
