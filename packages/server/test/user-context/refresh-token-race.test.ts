import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { type RunningServer, startServer } from '../../src/start-server.js';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';
import { post } from '../support/oauth-assertions.js';
import { Browser, parseForm } from './support/browser.js';
import { createUser, PASSWORD, redirectParams, WEB_REDIRECT } from './support/fixture.js';
import { type RaceInstance, raceRefresh } from './support/refresh-race.js';

/** Both instances announce this public URL, as behind a load balancer: one issuer for both. */
const PUBLIC_URL = 'http://packgate.test';
const ROUNDS = 50;

/**
 * Issue 8, finding 4 (the class of CVE-2026-1035): a thief who presents a stolen refresh token
 * at the same moment as the client, on another instance, must not keep working tokens. Every
 * round starts a new family and races its refresh token; whoever wins, the family — the
 * winner's new pair included — is revoked on both instances. (SQLite is a single-process
 * deployment; the same race on one instance runs on both stores in refresh-token.test.ts.)
 */
describe.each(BACKENDS.filter((b) => b.name === 'postgres'))(
  'refresh-token reuse races across two instances on one PostgreSQL ($name)',
  (backend) => {
    let a: TestServer;
    let b: RunningServer;
    let bDataDir: string;
    let web: { client_id: string; client_secret: string };
    const browser = new Browser();
    const on = (server: 'a' | 'b', url: string) =>
      url.replace(PUBLIC_URL, server === 'a' ? a.baseUrl : b.url);
    const auth = () => `${PUBLIC_URL}/${a.subdomain}/auth/`;
    const instance = (server: 'a' | 'b'): RaceInstance => ({
      refresh: (refreshToken) =>
        post(on(server, `${auth()}v2/token`), {
          ...web,
          grant_type: 'refresh_token',
          refresh_token: refreshToken,
        }),
      introspect: async (token) =>
        (await post(on(server, `${auth()}v2/introspect`), { ...web, token })).body?.active === true,
    });
    const authorizeUrl = () =>
      `${auth()}v2/authorize?${new URLSearchParams({
        response_type: 'code',
        client_id: web.client_id,
        redirect_uri: WEB_REDIRECT,
        scope: 'email_read offline',
      })}`;
    /** A new family: the signed-in browser comes straight back with a code, exchanged on A. */
    const newRefreshToken = async () => {
      const code = redirectParams(await browser.get(on('a', authorizeUrl()))).get('code') ?? '';
      const issued = await post(on('a', `${auth()}v2/token`), {
        ...web,
        grant_type: 'authorization_code',
        code,
        redirect_uri: WEB_REDIRECT,
      });
      expect(issued.status).toBe(200);
      return issued.body.refresh_token as string;
    };

    beforeAll(async () => {
      const options = backend.serverOptions();
      a = await startTestServer({ ...options, settings: { publicUrl: PUBLIC_URL } });
      bDataDir = mkdtempSync(join(tmpdir(), 'packgate-test-b-'));
      b = await startServer(
        parseConfig({
          port: '0',
          dataDir: bDataDir,
          logLevel: 'silent',
          publicUrl: PUBLIC_URL,
          databaseUrl: options.postgres?.url ?? '',
        }),
        { database: { postgresSchema: options.postgres?.schema ?? '' } },
      );
      const pkg = await a.admin('POST', `/tenants/${a.subdomain}/packages`, { name: 'Raced web app' });
      const integration = await a.admin(
        'POST',
        `/tenants/${a.subdomain}/packages/${pkg.body.id}/integration`,
        { integrationType: 'web-app', scopes: ['email_read', 'offline'], redirectUris: [WEB_REDIRECT] },
      );
      web = { client_id: integration.body.clientId, client_secret: integration.body.clientSecret };
      const ada = await createUser(a, 'ada', [{ mid: a.eid, permissions: ['email_read'] }]);
      await a.admin('PUT', `/tenants/${a.subdomain}/packages/${pkg.body.id}/integration/licenses`, {
        userIds: [ada.id],
      });
      const form = parseForm((await browser.get(on('a', authorizeUrl()))).html);
      const signedIn = await browser.post(on('a', form.action), {
        ...form.fields,
        username: 'ada',
        password: PASSWORD,
      });
      expect(signedIn.status).toBe(303);
    });
    afterAll(async () => {
      await b?.close();
      await a?.close();
      rmSync(bDataDir, { recursive: true, force: true });
      await backend.cleanup();
    });

    it.each([2, 200])(
      '%i simultaneous uses of one refresh token, half on each instance: the family is revoked in every one of 50 rounds',
      async (concurrency) => {
        const instances = [instance('a'), instance('b')];
        const winnerAccessTokens: string[] = [];
        let revokedRounds = 0;
        for (let round = 0; round < ROUNDS; round++) {
          const { winner, familyRevoked } = await raceRefresh(
            instances,
            await newRefreshToken(),
            concurrency,
          );
          if (familyRevoked) revokedRounds++;
          winnerAccessTokens.push(winner.access_token);
        }
        expect(revokedRounds).toBe(ROUNDS);
        // The winners' access tokens are refused by both instances: at once by the instance that
        // revoked, by the other one once it has polled the shared revocation list (about 1 s).
        await vi.waitFor(
          async () => {
            for (const accessToken of winnerAccessTokens)
              for (const i of instances) expect(await i.introspect(accessToken)).toBe(false);
          },
          { timeout: 10_000, interval: 250 },
        );
      },
      120_000,
    );
  },
);
