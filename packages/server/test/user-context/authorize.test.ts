import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/storage/store.js';
import { BACKENDS } from '../support/backends.js';

type Repos = Store['users'];

import { Browser, parseForm } from './support/browser.js';
import {
  authorizeUrl,
  createUser,
  type Fixture,
  PASSWORD,
  PUBLIC_REDIRECT,
  pkcePair,
  publicAuthorizeParams,
  redirectParams,
  signIn,
  startFixture,
  WEB_REDIRECT,
  webAuthorizeParams,
} from './support/fixture.js';

/** Characters that break naive query building, HTML attributes and form round trips. */
const SPECIAL_STATE = `a b&c=d/?#%25<script>"'+é😀\t;`;

describe.each(BACKENDS)('GET/POST v2/authorize and the login page ($name)', (backend) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture(backend);
  });
  afterAll(async () => {
    await f.server.close();
    await backend.cleanup();
  });

  describe('untrusted client or redirect URI: an error page, never a redirect', () => {
    const cases: Array<[string, (f: Fixture) => string, number, RegExp]> = [
      [
        'unknown client_id',
        (f) => authorizeUrl(f, webAuthorizeParams(f, { client_id: 'x'.repeat(24) })),
        401,
        /invalid_client/,
      ],
      [
        'missing client_id',
        (f) => authorizeUrl(f, { response_type: 'code', redirect_uri: WEB_REDIRECT }),
        400,
        /client_id/,
      ],
      [
        'missing redirect_uri',
        (f) => authorizeUrl(f, { response_type: 'code', client_id: f.webApp.clientId }),
        400,
        /redirect_uri/,
      ],
      [
        'redirect URI differing by one character',
        (f) => authorizeUrl(f, webAuthorizeParams(f, { redirect_uri: 'https://webapp.example/callbacc' })),
        400,
        /exactly match/,
      ],
      [
        'redirect URI with a trailing slash',
        (f) => authorizeUrl(f, webAuthorizeParams(f, { redirect_uri: `${WEB_REDIRECT}/` })),
        400,
        /exactly match/,
      ],
      [
        'redirect URI differing in case',
        (f) => authorizeUrl(f, webAuthorizeParams(f, { redirect_uri: 'https://WEBAPP.example/callback' })),
        400,
        /exactly match/,
      ],
      [
        'server-to-server client',
        (f) => authorizeUrl(f, webAuthorizeParams(f, { client_id: f.server.clientId })),
        401,
        /Server-to-Server/,
      ],
    ];
    it.each(cases)('%s', async (_name, url, status, text) => {
      const page = await new Browser().get(url(f));
      expect(page.status).toBe(status);
      expect(page.location).toBeUndefined();
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(page.html).toMatch(text);
    });

    it('a duplicated client_id or redirect_uri', async () => {
      const base = authorizeUrl(f, webAuthorizeParams(f));
      for (const extra of [
        `&client_id=${f.publicApp.clientId}`,
        `&redirect_uri=${encodeURIComponent(WEB_REDIRECT)}`,
      ]) {
        const page = await new Browser().get(base + extra);
        expect(page.status).toBe(400);
        expect(page.location).toBeUndefined();
        expect(page.html).toMatch(/included more than once/);
      }
    });

    it('a client of another tenant', async () => {
      const other = await f.server.admin('POST', '/tenants', { name: 'Other' });
      const page = await new Browser().get(
        `${other.body.authBaseUri}v2/authorize?${new URLSearchParams(webAuthorizeParams(f))}`,
      );
      expect(page.status).toBe(401);
      expect(page.location).toBeUndefined();
    });
  });

  describe('other errors redirect with error, error_description and state', () => {
    const errorOf = async (params: Record<string, string>, suffix = '') => {
      const page = await new Browser().get(authorizeUrl(f, params) + suffix);
      expect(page.status).toBe(302);
      expect(page.location?.startsWith(params.redirect_uri ?? '')).toBe(true);
      return redirectParams(page);
    };

    it('missing and unsupported response_type', async () => {
      const { response_type: _omit, ...rest } = webAuthorizeParams(f);
      expect((await errorOf(rest)).get('error')).toBe('invalid_request');
      const q = await errorOf(webAuthorizeParams(f, { response_type: 'token' }));
      expect(q.get('error')).toBe('unsupported_response_type');
      expect(q.get('state')).toBe('st-1');
      expect(q.get('error_description')).toBe('Only response_type=code is supported.');
    });

    it('a duplicated parameter other than client_id/redirect_uri', async () => {
      const q = await errorOf(webAuthorizeParams(f, { scope: 'email_read' }), '&scope=email_write');
      expect(q.get('error')).toBe('invalid_request');
      expect(q.get('error_description')).toBe('The parameter "scope" is included more than once.');
      expect(q.get('state')).toBe('st-1');
      // A duplicated state is not echoed: which of the two would be right?
      const dup = await errorOf(webAuthorizeParams(f), '&state=other');
      expect(dup.get('error_description')).toBe('The parameter "state" is included more than once.');
      expect(dup.has('state')).toBe(false);
    });

    it('PKCE omitted by a public app', async () => {
      const { code_challenge: _c, code_challenge_method: _m, ...params } = publicAuthorizeParams(f, '');
      const q = await errorOf(params);
      expect(q.get('error')).toBe('invalid_request');
      expect(q.get('error_description')).toMatch(/Public apps must use PKCE/);
      expect(q.get('state')).toBe('st-2');
    });

    it('PKCE plain or without a method is refused', async () => {
      const { challenge } = pkcePair();
      for (const method of ['plain', undefined]) {
        const params = publicAuthorizeParams(f, challenge);
        if (method === undefined) delete (params as Record<string, string>).code_challenge_method;
        else params.code_challenge_method = method;
        const q = await errorOf(params);
        expect(q.get('error')).toBe('invalid_request');
        expect(q.get('error_description')).toMatch(/S256/);
      }
    });

    it('a scope the integration does not have', async () => {
      const q = await errorOf(webAuthorizeParams(f, { scope: 'email_read journeys_write' }));
      expect(q.get('error')).toBe('invalid_scope');
    });

    it('echoes a state with special characters exactly', async () => {
      const q = await errorOf(webAuthorizeParams(f, { response_type: 'token', state: SPECIAL_STATE }));
      expect(q.get('state')).toBe(SPECIAL_STATE);
    });
  });

  describe('login page (no JavaScript)', () => {
    it('is a plain HTML form with CSRF token, escaped echo and safe headers', async () => {
      const state = '"><script>alert(1)</script>';
      const browser = new Browser();
      const page = await browser.get(authorizeUrl(f, webAuthorizeParams(f, { state })));
      expect(page.status).toBe(200);
      expect(page.html).not.toContain('<script>alert(1)');
      expect(page.html).toContain('&quot;&gt;&lt;script&gt;');
      expect(page.html).not.toMatch(/<script/i);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      const form = parseForm(page.html);
      expect(form.action).toBe(`${f.server.authBaseUri}v2/authorize`);
      expect(form.fields.state).toBe(state);
      expect(form.fields.csrf_token).toMatch(/^[\w-]{43}$/);
      const setCookie = page.headers.getSetCookie().join('\n');
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/SameSite=Lax/);
    });

    it('signs in and redirects with code, state, tssd and iss; the session cookie is HttpOnly Lax', async () => {
      const browser = new Browser();
      const page = await signIn(browser, authorizeUrl(f, webAuthorizeParams(f)), 'ADA');
      expect(page.status).toBe(303);
      const q = redirectParams(page);
      expect(page.location?.startsWith(`${WEB_REDIRECT}?`)).toBe(true);
      expect(q.get('code')).toMatch(/^[\w-]{43}$/);
      expect(q.get('state')).toBe('st-1');
      expect(q.get('tssd')).toBe(f.server.subdomain);
      expect(q.get('iss')).toBe(f.server.authBaseUri);
      const session = page.headers
        .getSetCookie()
        .find((c) => c.startsWith(`packgate_session_${f.server.subdomain}=`));
      expect(session).toMatch(/HttpOnly/);
      expect(session).toMatch(/SameSite=Lax/);

      // A logged-in session skips the password form.
      const again = await browser.get(authorizeUrl(f, webAuthorizeParams(f, { state: 'second' })));
      expect(again.status).toBe(302);
      expect(redirectParams(again).get('state')).toBe('second');
      expect(redirectParams(again).get('code')).not.toBe(q.get('code'));
    });

    it('echoes a state with special characters exactly through the login form and the session', async () => {
      const browser = new Browser();
      const url = authorizeUrl(f, webAuthorizeParams(f, { state: SPECIAL_STATE }));
      const page = await signIn(browser, url, 'ada');
      expect(page.status).toBe(303);
      expect(redirectParams(page).get('state')).toBe(SPECIAL_STATE);
      expect(redirectParams(page).get('code')).toBeTruthy();
      // Signed in: the code comes straight back, state intact.
      const again = await browser.get(url);
      expect(again.status).toBe(302);
      expect(redirectParams(again).get('state')).toBe(SPECIAL_STATE);
    });

    it('a wrong password shows the form again with an error and no code', async () => {
      const page = await signIn(
        new Browser(),
        authorizeUrl(f, webAuthorizeParams(f)),
        'ada',
        'wrong password',
      );
      expect(page.status).toBe(401);
      expect(page.location).toBeUndefined();
      expect(page.html).toMatch(/username or password is not correct/);
      expect(page.html).not.toContain('wrong password');
    });

    it('password guessing: 10 failures in a minute lock the username until the minute ends', async () => {
      const user = await createUser(f.server, 'guessed', [
        { mid: f.server.eid, permissions: ['email_read'] },
      ]);
      const licenses = `/tenants/${f.server.subdomain}/packages/${f.webApp.packageId}/integration/licenses`;
      const before = (await f.server.admin('GET', licenses)).body.userIds as number[];
      await f.server.admin('PUT', licenses, { userIds: [...before, user.id] });
      const url = authorizeUrl(f, webAuthorizeParams(f));
      const saved = f.clock.now;
      f.clock.now = Math.floor(saved / 60_000) * 60_000 + 5_000; // 55 s left in this window
      try {
        for (let i = 0; i < 10; i++) {
          expect((await signIn(new Browser(), url, 'GUESSED', `guess ${i}`)).status).toBe(401);
        }
        // Now even the right password is refused, with the time to wait; other users are not.
        const locked = await signIn(new Browser(), url, 'guessed');
        expect(locked.status).toBe(429);
        expect(locked.headers.get('retry-after')).toBe('55');
        expect(locked.html).toMatch(/Too many failed sign-ins for this username: try again in 55 seconds/);
        expect(locked.location).toBeUndefined();
        expect((await signIn(new Browser(), url, 'ada')).status).toBe(303);
        f.clock.now += 55_000;
        const next = await signIn(new Browser(), url, 'guessed');
        expect(next.status).toBe(303);
        expect(redirectParams(next).get('code')).toBeTruthy();
      } finally {
        f.clock.now = saved;
        await f.server.admin('PUT', licenses, { userIds: before });
      }
    });

    it('a user deleted while signing in gets a refusal, never a server error', async () => {
      const users = f.server.server.ctx.store.users as { -readonly [K in keyof Repos]: Repos[K] };
      const { findUserCredentials, isLicensed } = users;
      const deleteMidway = async (id: number) => {
        await f.server.server.ctx.store.users.deleteUser(
          f.server.server.ctx.directory.peekTenant(f.server.subdomain)?.tenant.id ?? '',
          id,
        );
      };
      try {
        // Deleted between the password check and the session: as if unknown.
        const early = await createUser(f.server, 'early', [
          { mid: f.server.eid, permissions: ['email_read'] },
        ]);
        users.findUserCredentials = async (tenantId, username) => {
          const found = await findUserCredentials(tenantId, username);
          if (found && username === 'early') await deleteMidway(early.id);
          return found;
        };
        const login = await signIn(new Browser(), authorizeUrl(f, webAuthorizeParams(f)), 'early');
        expect(login.status).toBe(401);
        users.findUserCredentials = findUserCredentials;

        // Deleted between the licence check and the code: access_denied at the redirect URI.
        const late = await createUser(f.server, 'late', [{ mid: f.server.eid, permissions: ['email_read'] }]);
        const licenses = `/tenants/${f.server.subdomain}/packages/${f.webApp.packageId}/integration/licenses`;
        const before = (await f.server.admin('GET', licenses)).body.userIds as number[];
        await f.server.admin('PUT', licenses, { userIds: [...before, late.id] });
        users.isLicensed = async (clientId, userId) => {
          const licensed = await isLicensed(clientId, userId);
          if (userId === late.id) await deleteMidway(late.id);
          return licensed;
        };
        const page = await signIn(new Browser(), authorizeUrl(f, webAuthorizeParams(f)), 'late');
        expect(page.status).toBe(303);
        expect(redirectParams(page).get('error')).toBe('access_denied');
        expect(redirectParams(page).get('state')).toBe('st-1');
      } finally {
        users.findUserCredentials = findUserCredentials;
        users.isLicensed = isLicensed;
      }
    });

    it('a user of another tenant cannot sign in here', async () => {
      const other = await f.server.admin('POST', '/tenants', { name: 'Other tenant' });
      const created = await f.server.admin('POST', `/tenants/${other.body.subdomain}/users`, {
        username: 'eve',
        password: PASSWORD,
        businessUnits: [{ mid: other.body.eid, permissions: ['email_read'] }],
      });
      expect(created.status).toBe(201);
      const page = await signIn(new Browser(), authorizeUrl(f, webAuthorizeParams(f)), 'eve');
      expect(page.status).toBe(401);
      expect(page.location).toBeUndefined();

      // Signed in at the other tenant, eve's session is no session here, even under this
      // tenant's cookie name: the login form again, never a code.
      const eve = new Browser();
      const otherApp = await f.server.admin('POST', `/tenants/${other.body.subdomain}/packages`, {
        name: 'Other web app',
      });
      const otherIntegration = await f.server.admin(
        'POST',
        `/tenants/${other.body.subdomain}/packages/${otherApp.body.id}/integration`,
        { integrationType: 'web-app', scopes: ['email_read'], redirectUris: [WEB_REDIRECT] },
      );
      await f.server.admin(
        'PUT',
        `/tenants/${other.body.subdomain}/packages/${otherApp.body.id}/integration/licenses`,
        { userIds: [created.body.id] },
      );
      const there = await signIn(
        eve,
        `${other.body.authBaseUri}v2/authorize?${new URLSearchParams({
          ...webAuthorizeParams(f),
          client_id: otherIntegration.body.clientId,
        })}`,
        'eve',
      );
      expect(redirectParams(there).get('code')).toBeTruthy();
      const sessionId = eve.cookies.get(`packgate_session_${other.body.subdomain}`);
      expect(sessionId).toBeTruthy();
      eve.cookies.set(`packgate_session_${f.server.subdomain}`, sessionId ?? '');
      const here = await eve.get(authorizeUrl(f, webAuthorizeParams(f)));
      expect(here.status).toBe(200);
      expect(here.location).toBeUndefined();
      expect(here.html).toMatch(/name="password"/);
    });

    it('login CSRF: a forged post without the cookie-bound token logs nobody in', async () => {
      const victim = new Browser();
      const attacker = new Browser();
      const attackerPage = await attacker.get(authorizeUrl(f, webAuthorizeParams(f)));
      const attackerForm = parseForm(attackerPage.html);
      // The victim's browser posts the attacker's form (with the attacker's token) ...
      await victim.get(authorizeUrl(f, webAuthorizeParams(f)));
      const forged = await victim.post(attackerForm.action, {
        ...attackerForm.fields,
        username: 'ada',
        password: PASSWORD,
      });
      expect(forged.status).toBe(403);
      expect(forged.location).toBeUndefined();
      expect(victim.cookies.has(`packgate_session_${f.server.subdomain}`)).toBe(false);
      // ... or a cross-site post that carries no cookie at all.
      const bare = await new Browser().post(attackerForm.action, {
        ...attackerForm.fields,
        username: 'ada',
        password: PASSWORD,
      });
      expect(bare.status).toBe(403);
      const { csrf_token: _t, ...noToken } = attackerForm.fields;
      const missing = await attacker.post(attackerForm.action, {
        ...noToken,
        username: 'ada',
        password: PASSWORD,
      });
      expect(missing.status).toBe(403);
    });

    it('a user in several BUs chooses one; account_id skips the chooser', async () => {
      const browser = new Browser();
      const chooser = await signIn(browser, authorizeUrl(f, webAuthorizeParams(f)), 'multi');
      expect(chooser.status).toBe(200);
      expect(chooser.html).toMatch(/Choose a business unit/);
      const form = parseForm(chooser.html);
      expect(form.options.mid).toEqual([f.server.eid, f.bu2].sort((a, b) => a - b).map(String));
      const chosen = await browser.post(form.action, { ...form.fields, mid: String(f.bu2) });
      expect(chosen.status).toBe(303);
      expect(redirectParams(chosen).get('code')).toBeTruthy();

      const direct = await browser.get(authorizeUrl(f, webAuthorizeParams(f, { account_id: String(f.bu2) })));
      expect(direct.status).toBe(302);
      expect(redirectParams(direct).get('code')).toBeTruthy();

      const notMember = await browser.get(
        authorizeUrl(f, webAuthorizeParams(f, { account_id: '123456789' })),
      );
      expect(redirectParams(notMember).get('error')).toBe('access_denied');
    });

    it('a user without permission for any requested scope is denied', async () => {
      const page = await signIn(
        new Browser(),
        authorizeUrl(f, webAuthorizeParams(f, { scope: 'email_write' })),
        'ada',
      );
      const q = redirectParams(page);
      expect(q.get('error')).toBe('access_denied');
      expect(q.get('error_description')).toMatch(/none of the requested permissions/);
      const nobody = await signIn(new Browser(), authorizeUrl(f, webAuthorizeParams(f)), 'nobody');
      expect(redirectParams(nobody).get('error')).toBe('access_denied');
    });

    it('a user without a licence for the app is denied', async () => {
      const page = await signIn(new Browser(), authorizeUrl(f, webAuthorizeParams(f)), 'unlicensed');
      const q = redirectParams(page);
      expect(q.get('error')).toBe('access_denied');
      expect(q.get('error_description')).toMatch(/licence/);
      expect(q.get('state')).toBe('st-1');
    });

    it('public app: the redirect goes to its loopback URI', async () => {
      const { challenge } = pkcePair();
      const page = await signIn(new Browser(), authorizeUrl(f, publicAuthorizeParams(f, challenge)), 'ada');
      expect(page.location?.startsWith(`${PUBLIC_REDIRECT}?`)).toBe(true);
    });
  });
});
