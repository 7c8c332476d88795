import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { createBusinessUnit } from '../support/fixtures.js';
import { chromiumAvailable, clickAndWait, launchChromium, screenshot } from './setup-browser-support.js';

const WIDTHS = [
  ['laptop', 1280],
  ['phone', 390],
] as const;

/** One axe run takes seconds on a shared CI core; each page is checked twice. */
const AXE_TIMEOUT_MS = 600_000;

/** axe-core on every Setup page, at laptop and phone width: no serious or critical violation. */
describe.skipIf(!chromiumAvailable)('Setup UI accessibility (axe-core)', () => {
  let s: TestServer;
  let browser: Browser;
  let page: Page;
  let webPackage: string;

  const check = async (name: string) => {
    for (const [label, width] of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      const result = await new AxeBuilder({ page }).analyze();
      const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(
        bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
        `${name} at ${width} px`,
      ).toEqual([]);
      // Nothing wider than the phone: no sideways scrolling of the page itself.
      if (width === 390) {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${name} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
      }
      await screenshot(page, `${name}-${label}`);
    }
  };
  const visit = async (path: string, name: string) => {
    const res = await page.goto(`${s.baseUrl}${path}`);
    expect(res?.status(), path).toBeLessThan(500);
    await check(name);
  };

  beforeAll(async () => {
    s = await startTestServer();
    await createBusinessUnit(s, 'Europe');
    const pkg = await s.admin('POST', `/tenants/${s.subdomain}/packages`, { name: 'Web dashboard' });
    webPackage = pkg.body.id;
    await s.admin('POST', `/tenants/${s.subdomain}/packages/${webPackage}/integration`, {
      integrationType: 'web-app',
      scopes: ['email_read', 'offline'],
      redirectUris: ['https://app.example/callback'],
    });
    await s.admin('POST', `/tenants/${s.subdomain}/users`, {
      username: 'ada',
      password: 'correct horse battery staple',
      businessUnits: [{ mid: s.eid, permissions: ['email_read'] }],
    });
    await s.admin('POST', `/tenants/${s.subdomain}/packages/${s.packageId}/integration/secrets`);
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it(
    'sign-in pages',
    async () => {
      await visit('/setup/sign-in', 'sign-in');
      await page.fill('#f-username', 'ada');
      await page.fill('#f-password', 'wrong');
      await clickAndWait(page, 'button:text-is("Sign in")');
      await check('sign-in-error');
      await page.fill('#f-password', 'correct horse battery staple');
      await clickAndWait(page, 'button:text-is("Sign in")');
      await check('refused');
      await visit(new URL(s.server.setupLinkUrl).pathname, 'operator-link');
      await clickAndWait(page, 'text=Sign in as operator');
      await visit(new URL(s.server.setupLinkUrl).pathname, 'link-used');
    },
    AXE_TIMEOUT_MS,
  );

  it(
    'every page of the operator',
    async () => {
      const base = `/setup/${s.subdomain}/packages`;
      const demo = `${base}/${s.packageId}`;
      const web = `${base}/${webPackage}`;
      await visit('/setup/tenants', 'tenants');
      await visit(base, 'packages');
      await visit(`${base}?q=nothing`, 'packages-empty-search');
      await visit(`${base}/new`, 'package-new');
      // Blank passes the browser's `required` check; the server's message is what is checked here.
      await page.fill('#f-name', '   ');
      await clickAndWait(page, 'button:text-is("Save")');
      await check('package-new-error');
      await visit(demo, 'summary');
      await visit(`${demo}/components`, 'components');
      await visit(`${demo}/access`, 'access-s2s');
      await visit(`${demo}/secrets`, 'secrets');
      await clickAndWait(page, 'a:text-is("Activate")');
      await check('secret-activate-confirm');
      await visit(`${demo}/edit`, 'edit-s2s');
      await visit(`${demo}/delete`, 'delete');
      await visit(`${web}/access`, 'access-web');
      await visit(`${web}/edit`, 'edit-web');

      const fresh = await s.admin('POST', `/tenants/${s.subdomain}/packages`, { name: 'Fresh' });
      const wizard = `${base}/${fresh.body.id}/components/new`;
      await visit(wizard, 'wizard-component');
      await clickAndWait(page, 'button:text-is("Next")');
      await page.check('input[value="public-app"]');
      await check('wizard-type');
      await clickAndWait(page, 'button:text-is("Next")');
      await page.fill('#f-redirectUris', 'not a uri');
      await clickAndWait(page, 'button:text-is("Next")');
      await check('wizard-redirect-uris-error');
      await page.fill('#f-redirectUris', 'https://app.example/cb');
      await clickAndWait(page, 'button:text-is("Next")');
      await check('wizard-scopes');
      await clickAndWait(page, 'button:text-is("Save")');
      await check('integration-created');
      await visit(`/setup/${s.subdomain}/no-such-page`, 'not-found');
    },
    AXE_TIMEOUT_MS,
  );

  it(
    'Business Units, Users, Data Extensions and Audit Log pages',
    async () => {
      const base = `/setup/${s.subdomain}`;
      await visit(`${base}/business-units`, 'business-units');
      await visit(`${base}/users`, 'users');
      await visit(`${base}/users/new`, 'user-new');
      const users = (await s.admin('GET', `/tenants/${s.subdomain}/users`)).body.items;
      await visit(`${base}/users/${users[0].id}`, 'user-edit');
      await visit(`${base}/users/${users[0].id}/delete`, 'user-delete');
      await visit(`/setup/tenants/${s.subdomain}/delete`, 'tenant-delete');
      const de = await s.admin('POST', `/tenants/${s.subdomain}/data-extensions`, {
        mid: s.eid,
        name: 'Contacts',
        key: 'Contacts',
        fields: [
          { name: 'Id', type: 'Text', length: 50, isPrimaryKey: true, isRequired: true },
          { name: 'Email', type: 'EmailAddress' },
        ],
      });
      expect(de.status).toBe(201);
      await visit(`${base}/data-extensions`, 'data-extensions');
      await visit(`${base}/data-extensions/new`, 'data-extension-new');
      await visit(`${base}/data-extensions/${s.eid}/${de.body.id}`, 'data-extension');
      await visit(`${base}/audit`, 'audit-log');
      await visit(`${base}/access-review`, 'access-review');
      await visit(`${base}/journal`, 'journal');
    },
    AXE_TIMEOUT_MS,
  );
});
