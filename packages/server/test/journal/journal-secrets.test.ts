import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/backends.js';
import { Browser } from '../user-context/support/browser.js';
import {
  exchangeWebCode,
  type Fixture,
  obtainCode,
  PASSWORD,
  PUBLIC_REDIRECT,
  pkcePair,
  publicAuthorizeParams,
  startFixture,
  token,
  webAuthorizeParams,
} from '../user-context/support/fixture.js';

describe.each(BACKENDS)(
  'the request journal never holds a secret, token, code or password ($name)',
  (backend) => {
    let f: Fixture;
    beforeAll(async () => {
      f = await startFixture(backend);
    });
    afterAll(async () => {
      await f.server.close();
      await backend.cleanup();
    });

    it('after client credentials, auth code with password login (web and PKCE), refresh and a REST call', async () => {
      const secrets: string[] = [PASSWORD, f.server.clientSecret, f.webApp.clientSecret ?? ''];
      const cc = await token(f, {
        grant_type: 'client_credentials',
        client_id: f.server.clientId,
        client_secret: f.server.clientSecret,
      });
      expect(cc.status).toBe(200);
      secrets.push(cc.body.access_token);

      const browser = new Browser();
      const code = await obtainCode(f, webAuthorizeParams(f, { state: 'state-value-1234' }), 'ada', browser);
      secrets.push(code, 'state-value-1234', ...browser.cookies.values());
      const exchanged = await exchangeWebCode(f, code);
      expect(exchanged.status).toBe(200);
      secrets.push(exchanged.body.access_token, exchanged.body.refresh_token);

      const refreshed = await token(f, {
        grant_type: 'refresh_token',
        refresh_token: exchanged.body.refresh_token,
        client_id: f.webApp.clientId,
        client_secret: f.webApp.clientSecret ?? '',
      });
      expect(refreshed.status).toBe(200);
      secrets.push(refreshed.body.access_token, refreshed.body.refresh_token);

      const { verifier, challenge } = pkcePair();
      const publicCode = await obtainCode(f, publicAuthorizeParams(f, challenge), 'ada', new Browser());
      const publicToken = await token(f, {
        grant_type: 'authorization_code',
        code: publicCode,
        redirect_uri: PUBLIC_REDIRECT,
        client_id: f.publicApp.clientId,
        code_verifier: verifier,
      });
      expect(publicToken.status).toBe(200);
      secrets.push(publicCode, verifier, challenge, publicToken.body.access_token);

      const rest = await fetch(`${f.server.restBaseUri}platform/v1/tokenContext`, {
        headers: { authorization: `Bearer ${refreshed.body.access_token}` },
      });
      expect(rest.status).toBe(200);
      // A wrong secret and a replayed code are journaled too.
      await token(f, {
        grant_type: 'client_credentials',
        client_id: f.server.clientId,
        client_secret: 'wrong-secret-value',
      });
      await exchangeWebCode(f, code);
      secrets.push('wrong-secret-value');

      const journal = await f.server.admin('GET', `/tenants/${f.server.subdomain}/journal?limit=1000`);
      const items = journal.body.items as Array<Record<string, any>>;
      const grants = items.filter((e) => e.grant).map((e) => e.grant);
      expect(grants).toEqual([
        'client_credentials',
        'authorization_code',
        'refresh_token',
        'authorization_code',
        'client_credentials',
        'authorization_code',
      ]);
      expect(items.some((e) => e.method === 'POST' && e.path.includes('/auth/v2/authorize'))).toBe(true);
      expect(items.filter((e) => e.claims?.client_id === f.webApp.clientId).length).toBeGreaterThanOrEqual(3);
      const text = JSON.stringify(journal.body);
      for (const secret of secrets) {
        expect(secret.length).toBeGreaterThan(7);
        expect(text).not.toContain(secret);
      }
      // Not even a token's signature, nor its header and payload as one string.
      for (const t of [cc.body.access_token, exchanged.body.access_token, refreshed.body.access_token]) {
        const [header, payload, signature] = t.split('.');
        expect(text).not.toContain(signature);
        expect(text).not.toContain(`${header}.${payload}`);
      }
    });
  },
);
