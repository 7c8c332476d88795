import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/backends.js';
import {
  authorizeUrl,
  exchangeWebCode,
  type Fixture,
  PASSWORD,
  startFixture,
  WEB_REDIRECT,
  webAuthorizeParams,
} from './support/fixture.js';

/** Debian's Chromium (CI installs it); Playwright never downloads a browser here. */
const CHROMIUM = process.env.PACKGATE_CHROMIUM ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error(`Chromium is required in CI but missing at ${CHROMIUM}`);

describe.skipIf(!available).each(BACKENDS)(
  'login page in a real browser with JavaScript disabled ($name)',
  (backend) => {
    let f: Fixture;
    let browser: Browser;
    let app: Server;
    /** The app's callback: a loopback server registered as an extra redirect URI (no network). */
    let callbackUri: string;

    beforeAll(async () => {
      f = await startFixture(backend);
      app = createServer((_req, res) => res.end('callback reached'));
      await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
      callbackUri = `http://127.0.0.1:${(app.address() as AddressInfo).port}/callback`;
      const integration = `/tenants/${f.server.subdomain}/packages/${f.webApp.packageId}/integration`;
      await f.server.admin('PATCH', integration, { redirectUris: [WEB_REDIRECT, callbackUri] });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    });
    afterAll(async () => {
      await browser?.close();
      await new Promise((resolve) => app.close(resolve));
      await f.server.close();
      await backend.cleanup();
    });

    /** A fresh browser profile with JavaScript disabled. */
    const newPage = async () => (await browser.newContext({ javaScriptEnabled: false })).newPage();
    const params = (extra: Record<string, string> = {}) =>
      webAuthorizeParams(f, { redirect_uri: callbackUri, ...extra });

    it('signs in with the form and lands on the callback with a code that exchanges', async () => {
      const page = await newPage();
      await page.goto(authorizeUrl(f, params({ state: 'a b&c' })));
      expect(await page.title()).toBe('Sign in · Packgate');
      await page.fill('#username', 'ada');
      await page.fill('#password', PASSWORD);
      await Promise.all([page.waitForURL(`${callbackUri}?**`), page.click('button[type=submit]')]);
      expect(await page.textContent('body')).toBe('callback reached');
      const callback = new URL(page.url());
      expect(callback.searchParams.get('state')).toBe('a b&c');
      expect(callback.searchParams.get('tssd')).toBe(f.server.subdomain);
      const tokens = await exchangeWebCode(f, callback.searchParams.get('code') ?? '', {
        redirect_uri: callbackUri,
      });
      expect(tokens.status).toBe(200);
      expect(tokens.body.scope).toBe('email_read data_extensions_read offline');
      await page.context().close();
    });

    it('a user in several BUs picks one on the chooser', async () => {
      const page = await newPage();
      await page.goto(authorizeUrl(f, params()));
      await page.fill('#username', 'multi');
      await page.fill('#password', PASSWORD);
      await page.click('button[type=submit]');
      await page.check(`input[name=mid][value="${f.bu2}"]`);
      await Promise.all([page.waitForURL(`${callbackUri}?**`), page.click('button[type=submit]')]);
      const code = new URL(page.url()).searchParams.get('code') ?? '';
      const tokens = await exchangeWebCode(f, code, { redirect_uri: callbackUri });
      expect(tokens.body.scope).toBe('data_extensions_read data_extensions_write offline');
      await page.context().close();
    });

    it('a wrong password keeps the user on the form with a message', async () => {
      const page = await newPage();
      await page.goto(authorizeUrl(f, params()));
      await page.fill('#username', 'ada');
      await page.fill('#password', 'not the password');
      await page.click('button[type=submit]');
      expect(await page.textContent('[role=alert]')).toMatch(/not correct/);
      expect(page.url().startsWith(callbackUri)).toBe(false);
      await page.context().close();
    });
  },
);
