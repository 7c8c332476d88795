import type { ComponentChildren, VNode } from 'preact';
import { render } from 'preact-render-to-string';

/** What the page frame needs to know about who is signed in. */
export interface Viewer {
  readonly label: string;
  readonly isOperator: boolean;
  readonly tenantName: string | undefined;
  readonly subdomain: string | undefined;
}

export type Section =
  | 'packages'
  | 'business-units'
  | 'users'
  | 'data-extensions'
  | 'audit'
  | 'access-review'
  | 'journal';

export interface Frame {
  readonly title: string;
  readonly csrfToken: string;
  readonly viewer?: Viewer | undefined;
  readonly section?: Section | undefined;
  /** Breadcrumb after "Setup": [label, href?] pairs. */
  readonly crumbs?: ReadonlyArray<readonly [string, string?]> | undefined;
}

const SECTIONS: ReadonlyArray<readonly [Section, string, string]> = [
  ['packages', 'Installed Packages', 'packages'],
  ['business-units', 'Business Units', 'business-units'],
  ['users', 'Users', 'users'],
  ['data-extensions', 'Data Extensions', 'data-extensions'],
  ['audit', 'Audit Log', 'audit'],
  ['access-review', 'Access Review', 'access-review'],
  ['journal', 'Request Journal', 'journal'],
];

/** Every Setup page: header (who, tenant, sign out), section nav, breadcrumb, then the page. */
export function Layout(props: { frame: Frame; children: ComponentChildren }) {
  const { frame } = props;
  const viewer = frame.viewer;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${frame.title} · Packgate Setup`}</title>
        <link rel="stylesheet" href="/setup/assets/setup.css" />
        <script src="/setup/assets/setup.js" defer />
      </head>
      <body>
        <a class="skip" href="#content">
          Skip to content
        </a>
        <header class="top">
          <div class="bar">
            <a class="brand" href="/setup/">
              Packgate Setup
            </a>
            {viewer && (
              <>
                <span class="who">
                  {viewer.tenantName ? `${viewer.tenantName} · ` : ''}
                  {viewer.label}
                  {viewer.isOperator && (
                    <>
                      {' · '}
                      <a href="/setup/tenants">Switch tenant</a>
                    </>
                  )}
                </span>
                <form method="post" action="/setup/sign-out">
                  <CsrfField token={frame.csrfToken} />
                  <button type="submit">Sign out</button>
                </form>
              </>
            )}
          </div>
        </header>
        {viewer?.subdomain && (
          <nav class="main" aria-label="Setup">
            <ul>
              {SECTIONS.map(([id, label, path]) => (
                <li key={id}>
                  <a
                    href={`/setup/${viewer.subdomain}/${path}`}
                    aria-current={frame.section === id ? 'page' : undefined}
                  >
                    {label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <main id="content">
          {frame.crumbs && (
            <nav class="crumbs" aria-label="Breadcrumb">
              <ol>
                <li>Setup</li>
                {frame.crumbs.map(([label, href]) => (
                  <li key={label}>{href ? <a href={href}>{label}</a> : label}</li>
                ))}
              </ol>
            </nav>
          )}
          {props.children}
        </main>
      </body>
    </html>
  );
}

export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="csrf_token" value={props.token} />;
}

/** Renders a page to a full HTML document (preact escapes every text and attribute). */
export function renderDocument(node: VNode): string {
  return `<!doctype html>\n${render(node)}`;
}
