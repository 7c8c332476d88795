import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';
import { manualClock } from '../support/fixtures.js';
import { Browser } from '../user-context/support/browser.js';

const PASSWORD = 'correct horse battery staple';
const csrfOf = (html: string) => /name="csrf_token" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** Signs a browser in with a one-time link; returns its CSRF token. */
async function signInOperator(_s: TestServer, browser: Browser, link: string): Promise<string> {
  const page = await browser.get(link);
  expect(page.status).toBe(200);
  const csrf = csrfOf(page.html);
  const spent = await browser.post(link, { csrf_token: csrf });
  expect(spent.status).toBe(303);
  return csrf;
}

describe.each(BACKENDS)('Setup UI sign-in and its refusals ($name)', (backend) => {
  let s: TestServer;
  const clock = manualClock();

  beforeAll(async () => {
    s = await startTestServer({ ...backend.serverOptions(), now: clock.now });
    for (const [username, administerPackages] of [
      ['admin', true],
      ['plain', false],
    ] as const) {
      const res = await s.admin('POST', `/tenants/${s.subdomain}/users`, {
        username,
        password: PASSWORD,
        businessUnits: [{ mid: s.eid, permissions: ['email_read'] }],
        administerPackages,
      });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await s?.close();
    await backend.cleanup();
  });

  it('the banner prints a one-time link on a line starting "Setup UI:"', () => {
    const line = s.server.banner.split('\n').find((l) => l.startsWith('Setup UI: '));
    expect(line).toContain(`${s.baseUrl}/setup/sign-in/link/`);
    expect(line).toContain(s.server.setupLinkUrl);
  });

  it('the link GET spends nothing; its POST signs in once; a replay is refused', async () => {
    const browser = new Browser();
    const link = s.server.setupLinkUrl;
    expect((await browser.get(link)).status).toBe(200);
    // A link preview fetched it first: still valid.
    const page = await browser.get(link);
    expect(page.html).toContain('Sign in as operator');
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    const spent = await browser.post(link, { csrf_token: csrfOf(page.html) });
    expect(spent.status).toBe(303);
    const cookie = spent.headers.getSetCookie().find((c) => c.startsWith('packgate_setup='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const home = await browser.get(`${s.baseUrl}/setup/`);
    expect(home.location).toBe(`/setup/${s.subdomain}/packages`);
    expect((await browser.get(`${s.baseUrl}${home.location}`)).html).toContain('Installed Packages');

    const other = new Browser();
    const again = await other.get(link);
    expect(again.status).toBe(410);
    expect(again.html).toContain('no longer valid');
    // The dead link's page has no form: the token comes from the sign-in page of this browser.
    const token = csrfOf((await other.get(`${s.baseUrl}/setup/sign-in`)).html);
    const replay = await other.post(link, { csrf_token: token });
    expect(replay.status).toBe(410);
    expect(other.cookies.has('packgate_setup')).toBe(false);
  });

  it('POST /admin/v1/setup-links mints a fresh link (operator key only); it expires after 10 minutes', async () => {
    expect((await fetch(`${s.baseUrl}/admin/v1/setup-links`, { method: 'POST' })).status).toBe(401);
    const res = await s.admin('POST', '/setup-links');
    expect(res.status).toBe(201);
    expect(res.body.url).toMatch(new RegExp(`^${s.baseUrl}/setup/sign-in/link/[A-Za-z0-9_-]{43}$`));
    expect(Date.parse(res.body.expiresAt) - clock.now()).toBe(600_000);
    const expired = (await s.admin('POST', '/setup-links')).body.url as string;
    clock.advanceSeconds(601);
    const browser = new Browser();
    const page = await browser.get(expired);
    expect(page.status).toBe(410);
    const token = csrfOf((await browser.get(`${s.baseUrl}/setup/sign-in`)).html);
    expect((await browser.post(expired, { csrf_token: token })).status).toBe(410);
    const spec = await (await fetch(`${s.baseUrl}/openapi.json`)).json();
    const op = spec.paths['/admin/v1/setup-links'].post;
    expect(op.operationId).toBe('createSetupLink');
    expect(op.summary).toBeTruthy();
    expect(op.tags).toEqual(['setup-ui']);
  });

  it('a form post without its CSRF token changes nothing (403)', async () => {
    const browser = new Browser();
    const csrf = await signInOperator(s, browser, (await s.admin('POST', '/setup-links')).body.url);
    const url = `${s.baseUrl}/setup/${s.subdomain}/packages/new`;
    const before = (await s.admin('GET', `/tenants/${s.subdomain}/packages`)).body.items.length;
    for (const fields of [
      { name: 'Forged', mid: String(s.eid) },
      { name: 'Forged', mid: String(s.eid), csrf_token: 'x'.repeat(43) },
    ]) {
      const res = await browser.post(url, fields);
      expect(res.status).toBe(403);
      expect(res.html).toContain('This form expired');
    }
    // A token from another browser does not fit this browser's binding either.
    const stranger = new Browser();
    await stranger.get(`${s.baseUrl}/setup/sign-in`);
    expect((await stranger.post(url, { name: 'Forged', csrf_token: csrf })).status).toBe(403);
    expect((await s.admin('GET', `/tenants/${s.subdomain}/packages`)).body.items.length).toBe(before);
    const ok = await browser.post(url, { name: 'Real', mid: String(s.eid), csrf_token: csrf });
    expect(ok.status).toBe(303);
  });

  it('tenant users: a wrong password stays on the form; without Administer a clear refusal; with it, their tenant only', async () => {
    const browser = new Browser();
    const form = await browser.get(`${s.baseUrl}/setup/sign-in`);
    const csrf = csrfOf(form.html);
    expect(form.html).toContain(`value="${s.subdomain}"`);
    const wrong = await browser.post(`${s.baseUrl}/setup/sign-in`, {
      csrf_token: csrf,
      subdomain: s.subdomain,
      username: 'admin',
      password: 'nope',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.html).toContain('The tenant, username or password is not correct.');
    const unknownTenant = await browser.post(`${s.baseUrl}/setup/sign-in`, {
      csrf_token: csrf,
      subdomain: 'mcnosuchtenant',
      username: 'admin',
      password: PASSWORD,
    });
    expect(unknownTenant.status).toBe(401);

    const refused = await browser.post(`${s.baseUrl}/setup/sign-in`, {
      csrf_token: csrf,
      subdomain: s.subdomain,
      username: 'plain',
      password: PASSWORD,
    });
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('Installed Package | Administer');
    expect(browser.cookies.has('packgate_setup')).toBe(false);

    const ok = await browser.post(`${s.baseUrl}/setup/sign-in`, {
      csrf_token: csrf,
      subdomain: s.subdomain,
      username: 'admin',
      password: PASSWORD,
    });
    expect(ok.status).toBe(303);
    expect(ok.location).toBe(`/setup/${s.subdomain}/packages`);
    expect((await browser.get(`${s.baseUrl}${ok.location}`)).status).toBe(200);
    const other = await s.admin('POST', '/tenants', { name: 'Other tenant' });
    const foreign = await browser.get(`${s.baseUrl}/setup/${other.body.subdomain}/packages`);
    expect(foreign.status).toBe(404);
    expect((await browser.get(`${s.baseUrl}/setup/tenants`)).location).toBe(`/setup/${s.subdomain}/packages`);
  });

  it('sessions end after 30 idle minutes, and on sign-out', async () => {
    const browser = new Browser();
    const csrf = await signInOperator(s, browser, (await s.admin('POST', '/setup-links')).body.url);
    const list = `${s.baseUrl}/setup/${s.subdomain}/packages`;
    clock.advanceSeconds(29 * 60);
    expect((await browser.get(list)).status).toBe(200);
    clock.advanceSeconds(29 * 60);
    expect((await browser.get(list)).status).toBe(200);
    clock.advanceSeconds(31 * 60);
    expect((await browser.get(list)).location).toBe('/setup/sign-in');

    const again = new Browser();
    const token = await signInOperator(s, again, (await s.admin('POST', '/setup-links')).body.url);
    expect(token).not.toBe(csrf);
    expect((await again.post(`${s.baseUrl}/setup/sign-out`, { csrf_token: token })).location).toBe(
      '/setup/sign-in',
    );
    expect((await again.get(list)).location).toBe('/setup/sign-in');
  });

  it('bad input is a page in plain words, never a 500', async () => {
    const browser = new Browser();
    const csrf = await signInOperator(s, browser, (await s.admin('POST', '/setup-links')).body.url);
    const base = `${s.baseUrl}/setup/${s.subdomain}/packages`;
    const cases: Array<[string, Record<string, string>, number]> = [
      [`${base}/new`, { csrf_token: csrf, name: '', mid: String(s.eid) }, 400],
      [`${base}/new`, { csrf_token: csrf, name: 'x', mid: '99999999999999999999' }, 400],
      [`${base}/new`, { csrf_token: csrf, name: 'x', mid: '12345' }, 400],
      [`${base}/new`, { csrf_token: csrf, name: 'a\u0000b', mid: String(s.eid) }, 400],
      [`${base}/new`, { csrf_token: csrf, name: 'x'.repeat(201), mid: String(s.eid) }, 400],
      [`${base}/not-a-package/edit`, { csrf_token: csrf, name: 'x' }, 404],
      [`${base}/not-a-package/secrets/stage`, { csrf_token: csrf }, 404],
    ];
    for (const [url, fields, status] of cases) {
      const res = await browser.post(url, fields);
      expect(res.status, url).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    }
    const res = await fetch(`${base}/new`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect((await browser.get(`${s.baseUrl}/setup/${s.subdomain}/packages/${'%00'.repeat(3)}`)).status).toBe(
      404,
    );
  });
});

describe('Setup UI with PACKGATE_PROPAGATION_SECONDS=300 (sqlite)', () => {
  let s: TestServer;
  const clock = manualClock();
  beforeAll(async () => {
    s = await startTestServer({ now: clock.now, settings: { propagationSeconds: '300' } });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('edit and access pages say when changes reach new tokens; activating too early is explained', async () => {
    const browser = new Browser();
    const csrf = await signInOperator(s, browser, s.server.setupLinkUrl);
    const pkg = `${s.baseUrl}/setup/${s.subdomain}/packages/${s.packageId}`;
    expect((await browser.get(`${pkg}/edit`)).html).toContain('reach new tokens within 300 s');
    expect((await browser.get(`${pkg}/access`)).html).toContain('reach new tokens within 300 s');
    const staged = await browser.post(`${pkg}/secrets/stage`, { csrf_token: csrf });
    expect(staged.status).toBe(201);
    expect(staged.html).toContain('the staged one after 300 s');
    const secretId = /secrets\/([0-9a-f-]{36})\/activate/.exec(staged.html)?.[1];
    const confirm = await browser.get(`${pkg}/secrets/${secretId}/activate`);
    expect(confirm.html).toContain('becomes usable at');
    const early = await browser.post(`${pkg}/secrets/${secretId}/activate`, { csrf_token: csrf });
    expect(early.status).toBe(409);
    expect(early.html).toContain('activate it after that');
    clock.advanceSeconds(301);
    const ok = await browser.post(`${pkg}/secrets/${secretId}/activate`, { csrf_token: csrf });
    expect(ok.status).toBe(303);
    expect((await browser.get(`${s.baseUrl}${ok.location}`)).html).toContain('now active');
  });

  it('password guessing on the Setup sign-in is throttled like the login page (429 after 10 failures)', async () => {
    const browser = new Browser();
    const token = csrfOf((await browser.get(`${s.baseUrl}/setup/sign-in`)).html);
    const attempt = () =>
      browser.post(`${s.baseUrl}/setup/sign-in`, {
        csrf_token: token,
        subdomain: s.subdomain,
        username: 'guessed',
        password: 'wrong password',
      });
    for (let i = 0; i < 10; i++) expect((await attempt()).status).toBe(401);
    const refused = await attempt();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.html).toContain('Too many failed sign-ins');
  });
});
