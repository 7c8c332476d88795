import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/backends.js';
import { memoryLogger } from '../support/memory-logger.js';
import { type HttpResult, post } from '../support/oauth-assertions.js';
import { Browser, type Page, parseForm } from './support/browser.js';
import {
  authorizeUrl,
  exchangeWebCode,
  type Fixture,
  obtainCode,
  PASSWORD,
  PUBLIC_REDIRECT,
  pkcePair,
  publicAuthorizeParams,
  redirectParams,
  signIn,
  startFixture,
  token,
  WEB_REDIRECT,
  webAuthorizeParams,
} from './support/fixture.js';

const WRONG_PASSWORD = 'a wrong password that must never be logged';

/** An HTML page that stays on the server: never a redirect, never cached, never a 5xx. */
function expectErrorPage(page: Page, label: string) {
  expect({ label, is4xx: page.status >= 400 && page.status < 500, location: page.location }).toEqual({
    label,
    is4xx: true,
    location: undefined,
  });
  expect(page.headers.get('content-type'), label).toMatch(/^text\/html/);
  expect(page.headers.get('cache-control'), label).toBe('no-store');
}

/** RFC 6749 §5.2 shape: JSON `error` + `error_description`, no-store, a 4xx. */
function expectOAuthShape(res: HttpResult, label: string) {
  expect({ label, is4xx: res.status >= 400 && res.status < 500 }).toEqual({ label, is4xx: true });
  expect(typeof res.body?.error, `${label}: ${res.text.slice(0, 200)}`).toBe('string');
  expect(typeof res.body?.error_description, label).toBe('string');
  expect(res.headers.get('cache-control'), label).toBe('no-store');
  expect(res.text, label).not.toMatch(/\bat .+\.(ts|js):\d+/);
}

describe.each(BACKENDS)(
  'user-context endpoints under hostile input: 4xx of the right shape, nothing secret logged ($name)',
  (backend) => {
    const logs = memoryLogger();
    let f: Fixture;
    /** Every secret value the flows below handle; none may appear in a log line. */
    const secrets = new Set<string>();
    const endpoint = (name: string) => `${f.server.authBaseUri}v2/${name}`;

    beforeAll(async () => {
      f = await startFixture(backend, { logger: logs.logger });
      secrets
        .add(PASSWORD)
        .add(WRONG_PASSWORD)
        .add(f.webApp.clientSecret ?? '');
    });
    afterAll(async () => {
      await f.server.close();
      await backend.cleanup();
    });

    it('authorize (GET): untrusted client or redirect URI → error page; the rest → error redirect', async () => {
      const web = f.webApp.clientId;
      const trusted = `client_id=${web}&redirect_uri=${encodeURIComponent(WEB_REDIRECT)}`;
      const pages = [
        '',
        'client_id=%ZZ&redirect_uri=%',
        `client_id=${'x'.repeat(4000)}&redirect_uri=${encodeURIComponent(WEB_REDIRECT)}`,
        `client_id=${web}%00&redirect_uri=${encodeURIComponent(WEB_REDIRECT)}`,
        `client_id=${web}&redirect_uri=javascript:alert(1)`,
        `client_id=${web}&redirect_uri=${encodeURIComponent(`${WEB_REDIRECT}\r\nLocation: https://evil.example/`)}`,
        `client_id=${web}&redirect_uri=${encodeURIComponent(WEB_REDIRECT.replace('https', 'HTTPS'))}`,
        `client_id[]=${web}&redirect_uri=${encodeURIComponent(WEB_REDIRECT)}`,
      ];
      for (const query of pages)
        expectErrorPage(await new Browser().get(`${endpoint('authorize')}?${query}`), query);
      // A subdomain that names nothing, NUL included: still the error page.
      const nowhere = f.server.authBaseUri.replace(f.server.subdomain, 'mc%00');
      expectErrorPage(await new Browser().get(`${nowhere}v2/authorize?${pages[3]}`), 'tenant with NUL');

      const redirects = [
        `${trusted}`,
        `${trusted}&response_type=code%20token`,
        `${trusted}&response_type=code&scope=${'x'.repeat(4000)}`,
        `${trusted}&response_type=code&scope=email_read%00`,
        `${trusted}&response_type=code&account_id=1e309`,
        `${trusted}&response_type=code&account_id=99999999999999999999`,
        `${trusted}&response_type=code&account_id=-1`,
        `${trusted}&response_type=code&code_challenge=${'a'.repeat(43)}&code_challenge_method=s256`,
        `${trusted}&response_type=code&code_challenge=${'%F0%9F%98%80'.repeat(43)}&code_challenge_method=S256`,
        `${trusted}&response_type=code&code_challenge_method=S256`,
        `${trusted}&response_type=code&response_type=code`,
      ];
      for (const query of redirects) {
        const page = await new Browser().get(
          `${endpoint('authorize')}?${query}&state=${encodeURIComponent('\r\nX: y')}`,
        );
        expect({ query, status: page.status }).toEqual({ query, status: 302 });
        const location = page.location ?? '';
        expect(location.startsWith(`${WEB_REDIRECT}?`), query).toBe(true);
        expect(location, query).not.toMatch(/[\r\n]/);
        const q = redirectParams(page);
        expect(q.get('error'), query).toMatch(/^(invalid_request|invalid_scope|unsupported_response_type)$/);
        expect(q.get('state'), query).toBe('\r\nX: y');
      }
    });

    it('authorize (POST): malformed bodies are OAuth errors, forged or odd forms a fresh page', async () => {
      const url = endpoint('authorize');
      const big = `client_id=${f.webApp.clientId}&state=${'x'.repeat(70 * 1024)}`;
      for (const [body, contentType] of [
        ['[1]', 'application/json'],
        ['"text"', 'application/json'],
        ['{"client_id": {"$ne": 1}}', 'application/json'],
        ['{"client_id": ["a", "b"]}', 'application/json'],
        ['{', 'application/json'],
        [`client_id=${f.webApp.clientId}&client_id=x`, 'application/x-www-form-urlencoded'],
        ['a=b', 'multipart/form-data; boundary=x'],
        ['a=b', 'text/plain'],
        [big, 'application/x-www-form-urlencoded'],
      ] as const) {
        expectOAuthShape(await post(url, body, { contentType }), `${contentType} ${body.slice(0, 60)}`);
      }
      // A well-formed post without the CSRF binding: the login form again, 403, no session.
      const browser = new Browser();
      const forms = [
        { ...webAuthorizeParams(f), action: 'login', username: 'ada', password: PASSWORD },
        { ...webAuthorizeParams(f), action: 'choose', mid: 'not a mid', csrf_token: 'x'.repeat(43) },
        { ...webAuthorizeParams(f), action: 'login', username: 'ada', password: PASSWORD, csrf_token: '' },
      ];
      for (const form of forms) {
        const page = await browser.post(url, form);
        expectErrorPage(page, JSON.stringify(form));
        expect(page.status).toBe(403);
      }
      expect(browser.cookies.has(`packgate_session_${f.server.subdomain}`)).toBe(false);
    });

    it('the login form: a wrong password, odd usernames and an odd BU choice never fail the server', async () => {
      const browser = new Browser();
      const login = await browser.get(authorizeUrl(f, webAuthorizeParams(f)));
      const form = parseForm(login.html);
      for (const [username, password] of [
        ['ada', WRONG_PASSWORD],
        ['', ''],
        ['x'.repeat(5000), WRONG_PASSWORD],
        ['ada\u0000', PASSWORD],
        ["' or 1=1 --", WRONG_PASSWORD],
        ['ada', 'x'.repeat(10_000)],
      ]) {
        const page = await browser.post(form.action, {
          ...form.fields,
          username: username ?? '',
          password: password ?? '',
        });
        expect(page.status, username?.slice(0, 20)).toBe(401);
        expect(page.html).not.toContain(WRONG_PASSWORD);
      }
      // A user in two BUs picks a MID that is not theirs, or no MID at all.
      const chooser = await signIn(browser, authorizeUrl(f, webAuthorizeParams(f)), 'multi');
      const choose = parseForm(chooser.html);
      for (const [mid, error] of [
        ['123456789', 'access_denied'],
        ['abc', 'invalid_request'],
        ['', 'invalid_request'],
      ]) {
        const page = await browser.post(choose.action, { ...choose.fields, mid: mid ?? '' });
        expect({ mid, status: page.status }).toEqual({ mid, status: 303 });
        expect(page.location?.startsWith(`${WEB_REDIRECT}?`)).toBe(true);
        expect(redirectParams(page).get('error')).toBe(error);
      }
    });

    it('token, revoke, introspect, userinfo and logout: malformed input is a 4xx OAuth error', async () => {
      // Real values first, so that the log check below has something to look for.
      const browser = new Browser();
      const code = await obtainCode(f, webAuthorizeParams(f), 'ada', browser);
      const issued = await exchangeWebCode(f, code);
      expect(issued.status).toBe(200);
      const { verifier, challenge } = pkcePair();
      const publicCode = await obtainCode(f, publicAuthorizeParams(f, challenge));
      const publicIssued = await token(f, {
        grant_type: 'authorization_code',
        code: publicCode,
        redirect_uri: PUBLIC_REDIRECT,
        client_id: f.publicApp.clientId,
        code_verifier: verifier,
      });
      expect(publicIssued.status).toBe(200);
      for (const value of [
        code,
        publicCode,
        verifier,
        issued.body.access_token,
        issued.body.refresh_token,
        publicIssued.body.access_token,
        publicIssued.body.refresh_token,
        ...browser.cookies.values(),
      ]) {
        secrets.add(value);
      }

      // An unused code: no malformed request below may consume it.
      const spare = await obtainCode(f, webAuthorizeParams(f), 'ada', browser);
      secrets.add(spare);
      const web = { client_id: f.webApp.clientId, client_secret: f.webApp.clientSecret ?? '' };
      const codeGrant = { ...web, grant_type: 'authorization_code', redirect_uri: WEB_REDIRECT };
      const refreshGrant = { ...web, grant_type: 'refresh_token' };
      const tokenCases: Array<[string, unknown]> = [
        ['code as a number', { ...codeGrant, code: 12345 }],
        ['code as an array', { ...codeGrant, code: [code] }],
        ['code with NUL', { ...codeGrant, code: `${spare}\u0000` }],
        ['code_verifier of 200 characters', { ...codeGrant, code: spare, code_verifier: 'a'.repeat(200) }],
        ['code_verifier "%"', { ...codeGrant, code: spare, code_verifier: '%' }],
        ['redirect_uri of 5000 characters', { ...codeGrant, code: spare, redirect_uri: 'x'.repeat(5000) }],
        ['scope with NUL', { ...codeGrant, code: spare, scope: 'email_read\u0000' }],
        ['account_id 1e309', { ...codeGrant, code: spare, account_id: '1e309' }],
        ['account_id as an object', { ...codeGrant, code: spare, account_id: { mid: 1 } }],
        ['refresh_token as an array', { ...refreshGrant, refresh_token: ['a'] }],
        ['refresh_token of 600 characters', { ...refreshGrant, refresh_token: 'r'.repeat(600) }],
        ['refresh_token with a dot', { ...refreshGrant, refresh_token: 'a.b' }],
        ['client_id with NUL', { ...refreshGrant, client_id: `${web.client_id}\u0000`, refresh_token: 'a' }],
        [
          'public client_id with NUL',
          { grant_type: 'refresh_token', client_id: '\u0000', refresh_token: 'a' },
        ],
        [
          'account_id on refresh -1',
          { ...refreshGrant, refresh_token: issued.body.refresh_token, account_id: '-1' },
        ],
      ];
      for (const [label, body] of tokenCases)
        expectOAuthShape(await post(endpoint('token'), body as object), label);
      // Not one of those consumed the code or the refresh token.
      const refreshed = await token(f, { ...refreshGrant, refresh_token: issued.body.refresh_token });
      expect(refreshed.status).toBe(200);
      const fromSpare = await exchangeWebCode(f, spare);
      expect(fromSpare.status).toBe(200);
      for (const res of [refreshed, fromSpare])
        secrets.add(res.body.access_token).add(res.body.refresh_token);

      const basic = (value: string) => ({ headers: { authorization: `Basic ${value}` } });
      for (const name of ['revoke', 'introspect']) {
        const cases: Array<[string, string | object, Parameters<typeof post>[2]?]> = [
          ['no token', { ...web }],
          ['token as an object', { ...web, token: { a: 1 } }],
          [
            'duplicated token',
            `token=a&token=b&client_id=${web.client_id}&client_secret=${web.client_secret}`,
          ],
          ['JSON array', '[]', { contentType: 'application/json' }],
          ['Basic not base64', 'token=a', basic('%%%')],
          ['Basic without a colon', 'token=a', basic(Buffer.from('nocolon').toString('base64'))],
          [
            'Basic and body credentials',
            { ...web, token: 'a' },
            basic(Buffer.from(`${web.client_id}:x`).toString('base64')),
          ],
          ['wrong secret', { ...web, client_secret: 'SFMC_wrong', token: issued.body.refresh_token }],
          ['client_id with NUL', { client_id: `${web.client_id}\u0000`, client_secret: 'x', token: 'a' }],
          [
            'Basic client_id with NUL',
            'token=a',
            basic(Buffer.from(`${web.client_id}\u0000:x`).toString('base64')),
          ],
        ];
        for (const [label, body, init] of cases)
          expectOAuthShape(await post(endpoint(name), body, init), `${name}: ${label}`);
        // Garbage tokens are not errors: revoke answers 200, introspect {"active": false}.
        for (const garbage of ['a.b.c', 'eyJhbGciOiJub25lIn0.e30.', 'x'.repeat(10_000), '\u0000']) {
          const res = await post(endpoint(name), { ...web, token: garbage, token_type_hint: 'bogus' });
          expect({ name, status: res.status }).toEqual({ name, status: 200 });
          if (name === 'introspect') expect(res.body).toEqual({ active: false });
        }
      }

      for (const authorization of [
        'Bearer',
        'Bearer  ',
        'Bearer a b',
        'Bearer a.b.c',
        `Bearer ${'x'.repeat(5000)}`,
        'Basic eA==',
        'Token x',
      ]) {
        const res = await fetch(endpoint('userinfo'), { headers: { authorization } });
        const text = await res.text();
        expect([400, 401], `${authorization.slice(0, 20)} → ${res.status}`).toContain(res.status);
        expect(JSON.parse(text).error).toMatch(/^(invalid_request|invalid_token)$/);
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="/);
      }

      const nowhere = f.server.authBaseUri.replace(f.server.subdomain, 'mc%00');
      for (const name of ['token', 'revoke', 'introspect', 'logout']) {
        expectOAuthShape(
          await post(`${nowhere}v2/${name}`, { ...web, token: 'a' }),
          `${name} at a NUL tenant`,
        );
      }
      const userinfoNowhere = await fetch(`${nowhere}v2/userinfo`, {
        headers: { authorization: 'Bearer a' },
      });
      expect(userinfoNowhere.status).toBe(404);

      for (const [label, body, contentType] of [
        ['JSON array', '[1]', 'application/json'],
        ['duplicated csrf_token', 'csrf_token=a&csrf_token=b', 'application/x-www-form-urlencoded'],
        ['csrf_token as an object', '{"csrf_token": {}}', 'application/json'],
      ] as const) {
        expectOAuthShape(await post(endpoint('logout'), body, { contentType }), `logout: ${label}`);
      }
      const forged = await browser.post(endpoint('logout'), { csrf_token: 'x'.repeat(43) });
      expectErrorPage(forged, 'logout without the CSRF binding');
      // The forged logout changed nothing: the session and its tokens live on.
      expect((await browser.get(authorizeUrl(f, webAuthorizeParams(f)))).status).toBe(302);
    });

    it('no log line carries a password, secret, code, token or cookie, and nothing failed with a 5xx', () => {
      const text = logs.text();
      expect(text.length).toBeGreaterThan(0); // the logger is wired in
      for (const secret of secrets) {
        if (secret.length < 8) continue;
        expect(text.includes(secret), `a secret of ${secret.length} characters is in the logs`).toBe(false);
      }
      expect(text).not.toMatch(/"statusCode":5\d\d/);
      expect(text).not.toMatch(/request failed/);
    });
  },
);
