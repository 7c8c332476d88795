import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { Browser } from '../user-context/support/browser.js';

const csrfOf = (html: string) => /name="csrf_token" value="([^"]+)"/.exec(html)?.[1] ?? '';
const fieldError = (html: string) => /class="field-error"[^>]*>([^<]*)</.exec(html)?.[1];
const rows = (html: string) => (html.match(/<tr>/g)?.length ?? 1) - 1; // less the header row

/** The Setup pages for the access review (issue 14) and the request journal (issue 10). */
describe('Setup UI: Access Review and Request Journal', () => {
  let s: TestServer;
  let browser: Browser;
  let base: string;

  const token = (secret: string) =>
    fetch(`${s.authBaseUri}v2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: s.clientId,
        client_secret: secret,
      }),
    });

  beforeAll(async () => {
    s = await startTestServer();
    browser = new Browser();
    const link = s.server.setupLinkUrl;
    const csrf = csrfOf((await browser.get(link)).html);
    expect((await browser.post(link, { csrf_token: csrf })).status).toBe(303);
    base = `${s.baseUrl}/setup/${s.subdomain}`;
  });
  afterAll(async () => {
    await s?.close();
  });

  it('the review and the package list show when each package last got a token; the review is in the nav', async () => {
    const before = await browser.get(`${base}/access-review`);
    expect(before.status).toBe(200);
    expect(before.html).toContain('<h1>Access Review</h1>');
    expect(before.html).toMatch(/aria-current="page"[^>]*>Access Review</);
    expect(before.html).toMatch(/data-label="Last token">never</);
    const listBefore = await browser.get(`${base}/packages`);
    expect(listBefore.html).toMatch(/data-label="Last Token Issued"><span class="muted">Never</);

    expect((await token(s.clientSecret)).status).toBe(200);
    const after = await browser.get(`${base}/access-review?days=7`);
    expect(after.status).toBe(200);
    expect(after.html).toMatch(/data-label="Last token">\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC</);
    const listAfter = await browser.get(`${base}/packages`);
    expect(listAfter.html).toMatch(/data-label="Last Token Issued">\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC</);
    expect(after.html).toMatch(/<option value="7" selected/);
    expect(after.html).toContain('over the last 7 days');
    // the same numbers as the admin API
    const api = await s.admin('GET', `/tenants/${s.subdomain}/access-review?days=7`);
    expect(rows(after.html)).toBe(api.body.items.length);
  });

  it('refuses a window it does not offer, with the reason, and still shows the default one', async () => {
    for (const days of ['abc', '0', '365', '30<script>']) {
      const page = await browser.get(`${base}/access-review?days=${encodeURIComponent(days)}`);
      expect(page.status).toBe(400);
      expect(fieldError(page.html)).toBe('Pick a window of 7, 30 or 90 days.');
      expect(page.html).toContain('over the last 30 days');
      expect(page.html).not.toContain('<script>');
    }
  });

  it('the journal lists the newest requests first, with status, client and no secret', async () => {
    expect((await token(`${s.clientSecret.slice(0, -1)}x`)).status).toBe(401);
    const page = await browser.get(`${base}/journal`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h1>Request Journal</h1>');
    expect(page.html).toMatch(/aria-current="page"[^>]*>Request Journal</);
    expect(page.html).toContain('v2/token');
    expect(page.html).toContain(s.clientId);
    expect(page.html).not.toContain(s.clientSecret);
    const statuses = [...page.html.matchAll(/data-label="Status">(\d+|dropped)</g)].map((m) => m[1]);
    expect(statuses[0]).toBe('401'); // newest first

    const only401 = await browser.get(
      `${base}/journal?status=401&path=${encodeURIComponent('/**/v2/token')}`,
    );
    expect(only401.status).toBe(200);
    const filtered = [...only401.html.matchAll(/data-label="Status">(\d+)</g)].map((m) => m[1]);
    expect(filtered.length).toBeGreaterThan(0);
    expect(new Set(filtered)).toEqual(new Set(['401']));
    const none = await browser.get(`${base}/journal?clientId=nobody`);
    expect(none.html).toContain('No requests match.');
  });

  it('refuses filters the journal cannot apply, and echoes typed values escaped', async () => {
    const noSlash = await browser.get(`${base}/journal?path=v2/token`);
    expect(noSlash.status).toBe(400);
    expect(fieldError(noSlash.html)).toBe('Must start with &quot;/&quot; (at most 500 characters)');
    const status = await browser.get(`${base}/journal?status=abc`);
    expect(status.status).toBe(400);
    expect(fieldError(status.html)).toMatch(/HTTP status code/);
    const hostile = await browser.get(
      `${base}/journal?clientId=${encodeURIComponent('"><script>x</script>')}`,
    );
    expect(hostile.status).toBe(200);
    expect(hostile.html).not.toContain('<script>x');
    expect(hostile.html).toContain('&quot;>&lt;script>');
  });

  it('both pages need a Setup session', async () => {
    for (const path of ['access-review', 'journal']) {
      const res = await fetch(`${base}/${path}`, { redirect: 'manual' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/setup/sign-in');
    }
  });
});
