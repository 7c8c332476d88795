import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';
import { Browser } from '../user-context/support/browser.js';

const csrfOf = (html: string) => /name="csrf_token" value="([^"]+)"/.exec(html)?.[1] ?? '';
const fieldError = (html: string) => /class="field-error"[^>]*>([^<]*)</.exec(html)?.[1];

/** The Setup pages beyond packages, over HTTP as a browser without JavaScript sends them. */
describe.each(BACKENDS)('Setup UI: business units, users, Data Extensions, audit log ($name)', (backend) => {
  let s: TestServer;
  let browser: Browser;
  let csrf: string;
  let base: string;

  /** A form post of this browser; repeated names (checkboxes) from arrays. */
  const post = async (path: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams({ csrf_token: csrf });
    for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
    const res = await fetch(`${s.baseUrl}${base}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
      body: body.toString(),
    });
    return { status: res.status, location: res.headers.get('location'), html: await res.text() };
  };

  beforeAll(async () => {
    s = await startTestServer(backend.serverOptions());
    browser = new Browser();
    const link = s.server.setupLinkUrl;
    csrf = csrfOf((await browser.get(link)).html);
    expect((await browser.post(link, { csrf_token: csrf })).status).toBe(303);
    base = `/setup/${s.subdomain}`;
  });
  afterAll(async () => {
    await s?.close();
    await backend.cleanup();
  });

  it('creates a business unit under the top one; refuses a blank name and an unknown parent', async () => {
    const created = await post('/business-units', { name: 'Europe', parentMid: String(s.eid) });
    expect(created.status).toBe(303);
    const units = (await s.admin('GET', `/tenants/${s.subdomain}/business-units`)).body.items;
    expect(units.find((u: { name: string }) => u.name === 'Europe')?.parentMid).toBe(s.eid);
    const page = await browser.get(`${s.baseUrl}${base}/business-units`);
    expect(page.html).toContain('Europe');
    expect(fieldError((await post('/business-units', { name: ' ', parentMid: String(s.eid) })).html)).toBe(
      'Enter a name.',
    );
    const unknown = await post('/business-units', { name: 'X', parentMid: '12345' });
    expect(unknown.status).toBe(400);
    expect(fieldError(unknown.html)).toContain('is not a business unit');
  });

  it('creates a user with BU permissions and Administer, who can then sign in to Setup; resets a password', async () => {
    const created = await post('/users/new', {
      username: 'ada',
      password: 'correct horse',
      email: 'ada@example.com',
      administer: 'true',
      mids: String(s.eid),
      scopes: ['email_read', 'data_extensions_read'],
    });
    expect(created.status).toBe(303);
    const id = /users\/(\d+)/.exec(created.location ?? '')?.[1];
    const user = (await s.admin('GET', `/tenants/${s.subdomain}/users/${id}`)).body;
    expect(user).toMatchObject({
      username: 'ada',
      email: 'ada@example.com',
      administerPackages: true,
      businessUnits: [{ mid: s.eid, permissions: ['email_read', 'data_extensions_read'] }],
    });
    const dup = await post('/users/new', { username: 'ADA', password: 'long enough' });
    expect(dup.status).toBe(400);
    expect(fieldError(dup.html)).toContain('already exists');
    expect(fieldError((await post('/users/new', { username: 'bob', password: 'short' })).html)).toBe(
      'Use at least 8 characters.',
    );
    expect((await post('/users/new', { username: ' bob', password: 'long enough' })).status).toBe(400);
    expect((await post(`/users/${id}`, { email: 'not-an-email', mids: String(s.eid) })).status).toBe(400);
    expect((await post(`/users/${id}`, { mids: ['12345'] })).status).toBe(400);

    const reset = await post(`/users/${id}/password`, { password: 'a new password' });
    expect(reset.status).toBe(200);
    expect(reset.html).toContain('Password reset');
    const signIn = new Browser();
    const token = csrfOf((await signIn.get(`${s.baseUrl}/setup/sign-in`)).html);
    const ok = await signIn.post(`${s.baseUrl}/setup/sign-in`, {
      csrf_token: token,
      subdomain: s.subdomain,
      username: 'ada',
      password: 'a new password',
    });
    expect(ok.status).toBe(303);
  });

  it('creates a Data Extension with fields and shows its first rows; bad definitions are explained', async () => {
    const created = await post('/data-extensions/new', {
      name: 'Orders',
      key: 'Orders',
      mid: String(s.eid),
      'field0.name': 'Id',
      'field0.type': 'Text',
      'field0.length': '50',
      'field0.isPrimaryKey': 'true',
      'field1.name': 'Amount',
      'field1.type': 'Decimal',
      'field1.length': '18,2',
    });
    expect(created.status).toBe(303);
    const token = await fetch(`${s.authBaseUri}v2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: s.clientId,
        client_secret: s.clientSecret,
      }),
    }).then((r) => r.json());
    const write = await fetch(`${s.restBaseUri}hub/v1/dataevents/key:Orders/rowset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token.access_token}` },
      body: JSON.stringify([{ keys: { Id: 'o-1' }, values: { Amount: '12.5' } }]),
    });
    expect(write.status, await write.text()).toBe(200);
    const page = await browser.get(`${s.baseUrl}${created.location}`);
    expect(page.html).toContain('o-1');
    expect(page.html).toContain('12.5');
    expect((await browser.get(`${s.baseUrl}${base}/data-extensions?mid=${s.eid}`)).html).toContain('Orders');

    const dup = await post('/data-extensions/new', {
      name: 'Again',
      key: 'orders',
      mid: String(s.eid),
      'field0.name': 'Id',
      'field0.type': 'Text',
    });
    expect(fieldError(dup.html)).toContain('already exists');
    const noFields = await post('/data-extensions/new', { name: 'Empty', key: 'Empty', mid: String(s.eid) });
    expect(fieldError(noFields.html)).toBe('Add at least one field.');
    const badType = await post('/data-extensions/new', {
      name: 'T',
      key: 'T',
      mid: String(s.eid),
      'field0.name': 'Id',
      'field0.type': 'Blob',
    });
    expect(badType.status).toBe(400);
    const badLength = await post('/data-extensions/new', {
      name: 'T',
      key: 'T',
      mid: String(s.eid),
      'field0.name': 'Id',
      'field0.length': '-1',
    });
    expect(fieldError(badLength.html)).toContain('whole number');
    const badDecimal = await post('/data-extensions/new', {
      name: 'T',
      key: 'T',
      mid: String(s.eid),
      'field0.name': 'Price',
      'field0.type': 'Decimal',
      'field0.length': '18',
    });
    expect(fieldError(badDecimal.html)).toContain('precision,scale');
    expect((await browser.get(`${s.baseUrl}${base}/data-extensions/1/nope`)).status).toBe(404);
  });

  it('the audit log lists the changes made in the UI, filters by action and pages back', async () => {
    const all = await browser.get(`${s.baseUrl}${base}/audit`);
    expect(all.html).toContain('business_unit.created');
    expect(all.html).toContain('operator (Setup UI)');
    const users = await browser.get(`${s.baseUrl}${base}/audit?action=user.&actor=`);
    expect(users.html).toContain('user.created');
    expect(users.html).not.toContain('business_unit.created');
    for (let i = 0; i < 55; i++) await post('/business-units', { name: `BU ${i}`, parentMid: String(s.eid) });
    const first = await browser.get(`${s.baseUrl}${base}/audit?action=business_unit`);
    const older = /href="([^"]*before=\d+[^"]*)"/.exec(first.html)?.[1]?.replace(/&amp;/g, '&');
    expect(older).toBeDefined();
    const second = await browser.get(`${s.baseUrl}${older}`);
    expect(second.status).toBe(200);
    expect((second.html.match(/business_unit\.created/g) ?? []).length).toBe(6);
    expect((await browser.get(`${s.baseUrl}${base}/audit?before=abc`)).status).toBe(200);
  });

  it('the operator creates, switches to and deletes a tenant (typing its subdomain); a user is deleted the same way', async () => {
    const tenants = `${s.baseUrl}/setup/tenants`;
    expect(fieldError((await browser.post(tenants, { csrf_token: csrf, name: ' ' })).html)).toBe(
      'Enter a name.',
    );
    const created = await browser.post(tenants, { csrf_token: csrf, name: 'Second account' });
    expect(created.status).toBe(303);
    const sub = /\/setup\/(mc[a-z0-9]{26})\/packages/.exec(created.location ?? '')?.[1] ?? '';
    const page = await browser.get(`${s.baseUrl}${created.location}`);
    expect(page.html).toContain('Second account');
    expect((await browser.get(`${s.baseUrl}/setup/`)).location).toBe(`/setup/${sub}/packages`);
    const wrong = await browser.post(`${tenants}/${sub}/delete`, {
      csrf_token: csrf,
      confirm: 'Second account',
    });
    expect(wrong.status).toBe(400);
    const gone = await browser.post(`${tenants}/${sub}/delete`, { csrf_token: csrf, confirm: sub });
    expect(gone.status).toBe(303);
    expect((await s.admin('GET', `/tenants/${sub}`)).status).toBe(404);
    const list = await browser.get(`${tenants}?deleted=1`);
    expect(list.html).toContain('Tenant deleted.');
    // The deletion outlives the tenant: a server-wide event, shown with the tenants.
    expect(list.html).toContain('tenant.deleted');
    expect((await browser.get(`${s.baseUrl}/setup/${sub}/packages`)).status).toBe(404);
    expect((await browser.get(`${tenants}/nosuch/delete`)).status).toBe(404);

    const user = await post('/users/new', { username: 'temp', password: 'long enough', mids: String(s.eid) });
    const id = /users\/(\d+)/.exec(user.location ?? '')?.[1];
    expect((await post(`/users/${id}/delete`, { confirm: 'TEMP' })).status).toBe(400);
    expect((await post(`/users/${id}/delete`, { confirm: 'temp' })).status).toBe(303);
    expect((await s.admin('GET', `/tenants/${s.subdomain}/users/${id}`)).status).toBe(404);
  });

  it('Edit changes name, scopes and redirect URIs through the services; bad input leaves everything as it was', async () => {
    const created = await s.admin('POST', `/tenants/${s.subdomain}/packages`, { name: 'Portal' });
    const id = created.body.id as string;
    const integration = `/tenants/${s.subdomain}/packages/${id}/integration`;
    await s.admin('POST', integration, {
      integrationType: 'web-app',
      scopes: ['email_read'],
      redirectUris: ['https://portal.example/cb'],
    });
    const edit = `/packages/${id}/edit`;
    const bad = await post(edit, {
      name: 'Portal 2',
      redirectUris: 'https://portal.example/cb\nhttps://*.example/cb',
      scopes: ['email_read'],
    });
    expect(bad.status).toBe(400);
    expect(fieldError(bad.html)).toBe('Line 2: wildcards are not allowed.');
    const unknown = await post(edit, {
      name: 'Portal 2',
      redirectUris: 'https://portal.example/cb',
      scopes: ['nope'],
    });
    expect(unknown.status).toBe(400);
    expect((await s.admin('GET', `/tenants/${s.subdomain}/packages/${id}`)).body.name).toBe('Portal');
    const ok = await post(edit, {
      name: 'Portal 2',
      description: 'Customer portal',
      redirectUris: 'https://portal.example/cb\r\n\r\nhttps://portal.example/cb2\n',
      scopes: ['email_read', 'email_send', 'offline'],
    });
    expect(ok.status).toBe(303);
    expect((await s.admin('GET', `/tenants/${s.subdomain}/packages/${id}`)).body).toMatchObject({
      name: 'Portal 2',
      description: 'Customer portal',
    });
    expect((await s.admin('GET', integration)).body).toMatchObject({
      scopes: ['email_read', 'email_send', 'offline'],
      redirectUris: ['https://portal.example/cb', 'https://portal.example/cb2'],
    });
    const summary = await browser.get(`${s.baseUrl}${ok.location}`);
    expect(summary.html).toContain('Portal 2');
  });

  it('Secrets: Generate with a description, Activate with a grace period, Revoke a leaked secret (confirmation pages)', async () => {
    const tokenWith = (secret: string) =>
      fetch(`${s.authBaseUri}v2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: s.clientId,
          client_secret: secret,
        }),
      }).then((r) => r.status);
    const secrets = `/packages/${s.packageId}/secrets`;
    expect(fieldError((await post(`${secrets}/stage`, { description: 'x'.repeat(201) })).html)).toBe(
      'Use at most 200 characters.',
    );
    const staged = await post(`${secrets}/stage`, { description: 'rotation 2026-Q4' });
    expect(staged.status).toBe(201);
    expect(staged.html).toContain('rotation 2026-Q4');
    const secret = /id="client-secret" value="(SFMC_[A-Za-z0-9]+)"/.exec(staged.html)?.[1] ?? '';
    const secretId = /secrets\/([0-9a-f-]{36})\/activate/.exec(staged.html)?.[1];
    expect(await tokenWith(secret)).toBe(200);
    expect((await post(`${secrets}/${secretId}/activate`, { grace: '12345' })).status).toBe(404);
    const activated = await post(`${secrets}/${secretId}/activate`, { grace: '3600' });
    expect(activated.status).toBe(303);
    const after = await browser.get(`${s.baseUrl}${activated.location}`);
    expect(after.html).toContain('the previous secret stops working after 1 hour');
    // Within the grace period the old secret still works.
    expect(await tokenWith(s.clientSecret)).toBe(200);

    const confirm = await browser.get(`${s.baseUrl}${base}${secrets}/${secretId}/revoke`);
    expect(confirm.html).toContain('Revoke this secret?');
    expect(confirm.html).toContain('rotation 2026-Q4');
    const revoked = await post(`${secrets}/${secretId}/revoke`, {});
    expect(revoked.status).toBe(303);
    expect((await browser.get(`${s.baseUrl}${revoked.location}`)).html).toContain('Secret revoked');
    expect(await tokenWith(secret)).toBe(401);
    expect((await post(`${secrets}/${secretId}/revoke`, {})).status).toBe(404);
    const events = (await s.admin('GET', `/tenants/${s.subdomain}/audit-events?limit=5`)).body.items;
    expect(events[0]).toMatchObject({ action: 'client_secret.revoked', actor: 'operator (Setup UI)' });
  });
});
