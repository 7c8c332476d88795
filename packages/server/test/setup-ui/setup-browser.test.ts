import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { call } from '../resources/resource-helpers.js';
import {
  chromiumAvailable,
  clickAndWait,
  launchChromium,
  screenshot,
  tabTo,
} from './setup-browser-support.js';

const PASSWORD = 'correct horse battery staple';

/** The Setup UI in Debian's Chromium, from the printed one-time link to working credentials. */
describe.skipIf(!chromiumAvailable)('Setup UI in a real browser', () => {
  let s: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let bu2: number;
  let callback: Server;
  let callbackUri: string;
  /** The S2S package of walk (a), used again by the rotation test. */
  let s2s: { url: string; clientId: string; clientSecret: string };

  const token = (clientId: string, clientSecret: string, accountId?: number) =>
    call('POST', `${s.authBaseUri}v2/token`, {
      body: {
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        ...(accountId ? { account_id: accountId } : {}),
      },
    });

  beforeAll(async () => {
    s = await startTestServer();
    callback = createServer((_req, res) => res.end('callback reached'));
    await new Promise<void>((resolve) => callback.listen(0, '127.0.0.1', resolve));
    callbackUri = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/callback`;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.baseUrl });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => callback?.close(resolve));
    await s?.close();
  });

  it('(a) printed link → package → S2S with Data Extensions read/write → second BU → token for it → a row written', async () => {
    const line = s.server.banner.split('\n').find((l) => l.startsWith('Setup UI: ')) ?? '';
    const link = /Setup UI: (\S+)/.exec(line)?.[1] ?? '';
    await page.goto(link);
    await screenshot(page, 'sign-in-link');
    await clickAndWait(page, 'text=Sign in as operator');
    expect(await page.textContent('h1')).toBe('Installed Packages');

    // A second business unit, and a Data Extension in it.
    await clickAndWait(page, 'nav.main a:text-is("Business Units")');
    await page.fill('#f-name', 'Second BU');
    await clickAndWait(page, 'button:text-is("Create")');
    const tree = (await page.textContent('ul.tree')) ?? '';
    bu2 = Number(/Second BU\s*MID (\d+)/.exec(tree)?.[1]);
    expect(bu2).toBeGreaterThan(0);
    await clickAndWait(page, 'nav.main a:text-is("Data Extensions")');
    await clickAndWait(page, 'a:text-is("Create")');
    await page.fill('#f-name', 'Contacts');
    await page.fill('#f-key', 'Contacts');
    await page.selectOption('#f-mid', String(bu2));
    await page.fill('[aria-label="Field 2 name"]', 'Email');
    await page.selectOption('[aria-label="Field 2 type"]', 'EmailAddress');
    await screenshot(page, 'data-extension-create');
    await clickAndWait(page, 'button:text-is("Create")');
    expect(await page.textContent('h1')).toBe('Contacts');
    const dataExtensionUrl = page.url();

    await clickAndWait(page, 'nav.main a:text-is("Installed Packages")');

    await clickAndWait(page, 'a:text-is("New")');
    await page.fill('#f-name', 'Order sync');
    await page.fill('#f-description', 'Writes orders to Data Extensions');
    await screenshot(page, 'new-package');
    await clickAndWait(page, 'button:text-is("Save")');
    expect(await page.textContent('h1')).toBe('Order sync');
    const packageUrl = page.url();

    await clickAndWait(page, 'a:text-is("Components")');
    await clickAndWait(page, 'a:text-is("Add Component")');
    await clickAndWait(page, 'button:text-is("Next")');
    await page.check('input[value="server-to-server"]');
    await clickAndWait(page, 'button:text-is("Next")');
    await page.check('[aria-label="Data Extensions Read"]');
    await page.check('[aria-label="Data Extensions Write"]');
    await screenshot(page, 'add-component-scopes');
    await clickAndWait(page, 'button:text-is("Save")');
    expect(await page.textContent('.notice.warn')).toContain('shown only this once');
    await screenshot(page, 'client-secret-once');

    // Copy the credentials as a user would: the Copy buttons put them on the clipboard.
    const copied = async (id: string) => {
      await page.click(`button[data-copy="${id}"]`);
      return page.evaluate(() => navigator.clipboard.readText());
    };
    const clientId = await copied('client-id');
    const clientSecret = await copied('client-secret');
    const authBaseUri = await copied('auth-base-uri');
    const restBaseUri = await copied('rest-base-uri');
    expect(clientSecret).toMatch(/^SFMC_[A-Za-z0-9]{51}[0-9a-f]{8}$/);
    expect(authBaseUri).toBe(s.authBaseUri);
    s2s = { url: packageUrl, clientId, clientSecret };

    // Only the BU it was created in, until the second one is enabled.
    expect((await token(clientId, clientSecret, bu2)).status).not.toBe(200);
    await clickAndWait(page, 'a:text-is("Access")');
    await page.check(`input[name=mids][value="${bu2}"]`);
    await clickAndWait(page, 'button:text-is("Save")');
    expect(await page.textContent('.notice.ok')).toContain('Access saved');
    await screenshot(page, 'access-business-units');

    const issued = await token(clientId, clientSecret, bu2);
    expect(issued.status, issued.text).toBe(200);
    const row = [{ keys: { Id: 'ui-1' }, values: { Email: 'ui@example.com' } }];
    const write = await call('POST', `${restBaseUri}hub/v1/dataevents/key:Contacts/rowset`, {
      token: issued.body.access_token,
      body: row,
    });
    expect(write.status, write.text).toBe(200);
    await page.goto(dataExtensionUrl);
    expect(await page.textContent('main')).toContain('ui@example.com');

    await page.goto(`${s.baseUrl}/setup/${s.subdomain}/packages`);
    expect(await page.textContent('tbody')).toContain(clientId);
    await screenshot(page, 'installed-packages');
  });

  it('(b) Web App with a redirect URI and a licensed user → authorization code through the login page', async () => {
    const user = await s.admin('POST', `/tenants/${s.subdomain}/users`, {
      username: 'grace',
      password: PASSWORD,
      businessUnits: [{ mid: s.eid, permissions: ['email_read'] }],
    });
    expect(user.status).toBe(201);
    await page.goto(`${s.baseUrl}/setup/${s.subdomain}/packages/new`);
    await page.fill('#f-name', 'Web dashboard');
    await clickAndWait(page, 'button:text-is("Save")');
    await page.goto(`${page.url()}/components/new`);
    await clickAndWait(page, 'button:text-is("Next")');
    await page.check('input[value="web-app"]');
    await clickAndWait(page, 'button:text-is("Next")');
    // A wrong URI first: the error sits next to the field.
    await page.fill('#f-redirectUris', 'http://example.com/cb');
    await clickAndWait(page, 'button:text-is("Next")');
    expect(await page.textContent('#f-redirectUris-error')).toBe(
      'Line 1: http is only allowed for loopback; use https.',
    );
    await page.fill('#f-redirectUris', callbackUri);
    await clickAndWait(page, 'button:text-is("Next")');
    await page.check('[aria-label="Email Read"]');
    await page.check('#scope-offline');
    await clickAndWait(page, 'button:text-is("Save")');
    const clientId = await page.inputValue('#client-id');
    const clientSecret = await page.inputValue('#client-secret');
    await clickAndWait(page, 'a:text-is("Access")');
    await page.check('input[name=userIds] >> nth=0');
    await clickAndWait(page, 'button:text-is("Save")');
    await screenshot(page, 'access-licensed-users');

    const user2 = await (await browser.newContext()).newPage();
    const authorize = `${s.authBaseUri}v2/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: callbackUri,
      state: 'ui',
    })}`;
    await user2.goto(authorize);
    await user2.fill('#username', 'grace');
    await user2.fill('#password', PASSWORD);
    await Promise.all([user2.waitForURL(`${callbackUri}?**`), user2.click('button[type=submit]')]);
    const code = new URL(user2.url()).searchParams.get('code') ?? '';
    const tokens = await call('POST', `${s.authBaseUri}v2/token`, {
      body: {
        grant_type: 'authorization_code',
        code,
        redirect_uri: callbackUri,
        client_id: clientId,
        client_secret: clientSecret,
      },
    });
    expect(tokens.status, tokens.text).toBe(200);
    expect(tokens.body.scope).toBe('email_read offline');
    await user2.context().close();
  });

  it('(c) staged rotation: generate → both secrets work → activate (confirmation page) → the old one is refused', async () => {
    await page.goto(`${s2s.url}/secrets`);
    await page.fill('#f-description', 'rotation 2026-Q4');
    await clickAndWait(page, 'button:text-is("Generate")');
    expect(await page.textContent('tbody')).toContain('rotation 2026-Q4');
    const staged = await page.inputValue('#client-secret');
    expect(staged).not.toBe(s2s.clientSecret);
    await screenshot(page, 'secrets-staged');
    expect((await token(s2s.clientId, s2s.clientSecret)).status).toBe(200);
    expect((await token(s2s.clientId, staged)).status).toBe(200);
    await page.goto(`${s2s.url}/secrets`);
    await clickAndWait(page, 'a:text-is("Activate")');
    expect(await page.textContent('h1')).toBe('Activate the staged secret?');
    await clickAndWait(page, 'button:text-is("Activate")');
    expect(await page.textContent('.notice.ok')).toContain('now active');
    expect((await token(s2s.clientId, s2s.clientSecret)).status).toBe(401);
    expect((await token(s2s.clientId, staged)).status).toBe(200);
  });

  it('(d) failed login, replayed link, a post without CSRF token, a user without Administer', async () => {
    await s.admin('POST', `/tenants/${s.subdomain}/users`, {
      username: 'viewer',
      password: PASSWORD,
      businessUnits: [{ mid: s.eid, permissions: ['email_read'] }],
    });
    const stranger = await (await browser.newContext()).newPage();
    await stranger.goto(s.server.setupLinkUrl);
    expect(await stranger.textContent('h1')).toBe('This sign-in link is no longer valid');
    await stranger.goto(`${s.baseUrl}/setup/sign-in`);
    await stranger.fill('#f-username', 'viewer');
    await stranger.fill('#f-password', 'wrong');
    await clickAndWait(stranger, 'button:text-is("Sign in")');
    expect(await stranger.textContent('[role=alert]')).toContain('not correct');
    await screenshot(stranger, 'sign-in-failed');
    await stranger.fill('#f-password', PASSWORD);
    await clickAndWait(stranger, 'button:text-is("Sign in")');
    expect(await stranger.textContent('h1')).toBe('You cannot use Setup');
    expect(await stranger.textContent('main')).toContain('Installed Package | Administer');
    await stranger.context().close();

    // The signed-in operator's browser, but a post without the form's token.
    const before = (await s.admin('GET', `/tenants/${s.subdomain}/packages`)).body.items.length;
    const forged = await page.request.post(`${s.baseUrl}/setup/${s.subdomain}/packages/new`, {
      form: { name: 'Forged', mid: String(s.eid) },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    expect((await s.admin('GET', `/tenants/${s.subdomain}/packages`)).body.items.length).toBe(before);
  });

  it('(e) a package is created with the keyboard only', async () => {
    await page.goto(`${s.baseUrl}/setup/${s.subdomain}/packages`);
    await tabTo(page, 'New');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    // The name field has focus on arrival.
    await page.keyboard.type('Keyboard package');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Made without a mouse');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, 'Save');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.textContent('h1')).toBe('Keyboard package');
    expect(await page.textContent('main')).toContain('Second BU');
  });
});
