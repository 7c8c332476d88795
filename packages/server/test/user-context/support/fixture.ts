import { createHash, randomBytes } from 'node:crypto';
import { startTestServer, type TestServer, type TestServerOptions } from '../../../src/testing.js';
import type { Backend } from '../../support/backends.js';
import { post } from '../../support/oauth-assertions.js';
import { Browser, type Page, parseForm } from './browser.js';

export const WEB_REDIRECT = 'https://webapp.example/callback';
export const PUBLIC_REDIRECT = 'http://127.0.0.1:8123/cb';
export const WEB_SCOPES = [
  'email_read',
  'email_write',
  'data_extensions_read',
  'data_extensions_write',
  'offline',
];
export const PUBLIC_SCOPES = ['email_read', 'data_extensions_read', 'offline'];
export const PASSWORD = 'correct horse battery staple';

export interface App {
  clientId: string;
  clientSecret?: string;
  packageId: string;
}

export interface TestUser {
  id: number;
  username: string;
}

export interface Fixture {
  server: TestServer;
  /** Injected clock (epoch ms): tests move it instead of sleeping. */
  clock: { now: number };
  webApp: App;
  publicApp: App;
  /** Second BU of the tenant. */
  bu2: number;
  users: { ada: TestUser; multi: TestUser; nobody: TestUser; unlicensed: TestUser };
}

async function createApp(
  server: TestServer,
  name: string,
  integrationType: string,
  scopes: string[],
  redirectUris: string[],
): Promise<App> {
  const pkg = await server.admin('POST', `/tenants/${server.subdomain}/packages`, { name });
  const integration = await server.admin(
    'POST',
    `/tenants/${server.subdomain}/packages/${pkg.body.id}/integration`,
    {
      integrationType,
      scopes,
      redirectUris,
    },
  );
  if (integration.status !== 201) throw new Error(JSON.stringify(integration.body));
  return {
    clientId: integration.body.clientId,
    clientSecret: integration.body.clientSecret,
    packageId: pkg.body.id,
  };
}

export async function createUser(
  server: TestServer,
  username: string,
  businessUnits: Array<{ mid: number; permissions: string[] }>,
) {
  const res = await server.admin('POST', `/tenants/${server.subdomain}/users`, {
    username,
    password: PASSWORD,
    businessUnits,
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return { id: res.body.id as number, username };
}

/**
 * A tenant with a web app and a public app and four users: `ada` (one BU, email_read +
 * data_extensions_read + journeys_read), `multi` (two BUs), `nobody` (permissions the apps
 * don't have) and `unlicensed` (no licence to either app).
 */
export async function startFixture(
  backend: Backend,
  options: Pick<TestServerOptions, 'logger' | 'settings'> = {},
): Promise<Fixture> {
  const clock = { now: Date.UTC(2026, 0, 15, 12) };
  const server = await startTestServer({ now: () => clock.now, ...backend.serverOptions(), ...options });
  const sub = server.subdomain;
  const webApp = await createApp(server, 'Web test app', 'web-app', WEB_SCOPES, [
    WEB_REDIRECT,
    'https://webapp.example/other',
  ]);
  const publicApp = await createApp(server, 'Public test app', 'public-app', PUBLIC_SCOPES, [
    PUBLIC_REDIRECT,
  ]);
  const bu2 = (await server.admin('POST', `/tenants/${sub}/business-units`, { name: 'Second BU' })).body
    .mid as number;
  const top = server.eid;
  const ada = await createUser(server, 'ada', [
    { mid: top, permissions: ['email_read', 'data_extensions_read', 'journeys_read'] },
  ]);
  const multi = await createUser(server, 'multi', [
    { mid: top, permissions: ['email_read'] },
    { mid: bu2, permissions: ['data_extensions_read', 'data_extensions_write'] },
  ]);
  const nobody = await createUser(server, 'nobody', [{ mid: top, permissions: ['journeys_read'] }]);
  const unlicensed = await createUser(server, 'unlicensed', [{ mid: top, permissions: ['email_read'] }]);
  const licensed = [ada.id, multi.id, nobody.id];
  for (const app of [webApp, publicApp]) {
    const res = await server.admin('PUT', `/tenants/${sub}/packages/${app.packageId}/integration/licenses`, {
      userIds: licensed,
    });
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  }
  return { server, clock, webApp, publicApp, bu2, users: { ada, multi, nobody, unlicensed } };
}

export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(f: Fixture, params: Record<string, string>): string {
  return `${f.server.authBaseUri}v2/authorize?${new URLSearchParams(params).toString()}`;
}

export function webAuthorizeParams(f: Fixture, extra: Record<string, string> = {}) {
  return {
    response_type: 'code',
    client_id: f.webApp.clientId,
    redirect_uri: WEB_REDIRECT,
    state: 'st-1',
    ...extra,
  };
}

export function publicAuthorizeParams(f: Fixture, challenge: string, extra: Record<string, string> = {}) {
  return {
    response_type: 'code',
    client_id: f.publicApp.clientId,
    redirect_uri: PUBLIC_REDIRECT,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'st-2',
    ...extra,
  };
}

/** Opens the authorize URL and signs in with the login form; returns the page that follows. */
export async function signIn(
  browser: Browser,
  url: string,
  username: string,
  password = PASSWORD,
): Promise<Page> {
  const login = await browser.get(url);
  if (login.status !== 200)
    throw new Error(`login page: ${login.status} ${login.location ?? login.html.slice(0, 300)}`);
  const form = parseForm(login.html);
  return browser.post(form.action, { ...form.fields, username, password });
}

/** The query parameters of a redirect to the client. */
export function redirectParams(page: Page): URLSearchParams {
  if (!page.location) throw new Error(`expected a redirect, got ${page.status}: ${page.html.slice(0, 400)}`);
  return new URL(page.location).searchParams;
}

/** Runs the whole browser part for `username` and returns the authorization code. */
export async function obtainCode(
  f: Fixture,
  params: Record<string, string>,
  username = 'ada',
  browser = new Browser(),
) {
  const url = authorizeUrl(f, params);
  // A browser that is already signed in comes straight back with the code.
  const first = await browser.get(url);
  const page = first.location ? first : await signIn(browser, url, username);
  const code = redirectParams(page).get('code');
  if (!code) throw new Error(`no code: ${page.location}`);
  return code;
}

export function token(f: Fixture, body: Record<string, string>) {
  return post(`${f.server.authBaseUri}v2/token`, body);
}

/** Exchanges a code of the web app (with its secret). */
export function exchangeWebCode(f: Fixture, code: string, extra: Record<string, string> = {}) {
  return token(f, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: WEB_REDIRECT,
    client_id: f.webApp.clientId,
    client_secret: f.webApp.clientSecret ?? '',
    ...extra,
  });
}
