import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/backends.js';
import { expectOAuthError, post } from '../support/oauth-assertions.js';
import { Browser } from './support/browser.js';
import {
  exchangeWebCode,
  type Fixture,
  obtainCode,
  PUBLIC_REDIRECT,
  pkcePair,
  publicAuthorizeParams,
  startFixture,
  token,
  webAuthorizeParams,
} from './support/fixture.js';
import { type RaceInstance, raceRefresh, withLookupsInLockstep } from './support/refresh-race.js';

const userinfoStatus = async (f: Fixture, accessToken: string) =>
  (await fetch(`${f.server.authBaseUri}v2/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } }))
    .status;

describe.each(BACKENDS)('refresh_token grant: rotation and reuse detection ($name)', (backend) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture(backend);
  });
  afterAll(async () => {
    await f.server.close();
    await backend.cleanup();
  });

  const refreshWeb = (refreshToken: string, extra: Record<string, string> = {}) =>
    token(f, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: f.webApp.clientId,
      client_secret: f.webApp.clientSecret ?? '',
      ...extra,
    });

  const webTokens = async (params: Record<string, string> = {}, username = 'ada') => {
    const res = await exchangeWebCode(f, await obtainCode(f, webAuthorizeParams(f, params), username));
    expect(res.status).toBe(200);
    return res.body as { access_token: string; refresh_token: string; scope: string };
  };

  it('each use returns a new pair and retires the old refresh token', async () => {
    const first = await webTokens();
    const second = await refreshWeb(first.refresh_token);
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect(second.body.access_token).not.toBe(first.access_token);
    expect(second.body.scope).toBe(first.scope);
    expect(decodeJwt(second.body.access_token).sub).toBe(String(f.users.ada.id));
    const third = await refreshWeb(second.body.refresh_token);
    expect(third.status).toBe(200);
  });

  it('a refresh token replayed after rotation revokes the whole family', async () => {
    const first = await webTokens();
    const second = await refreshWeb(first.refresh_token);
    expect(second.status).toBe(200);
    expect(await userinfoStatus(f, second.body.access_token)).toBe(200);
    expectOAuthError(await refreshWeb(first.refresh_token), 'invalid_grant', 400, /already used/);
    // The newest pair is gone too: the access tokens by the deny list, the refresh token at once.
    expect(await userinfoStatus(f, second.body.access_token)).toBe(401);
    expect(await userinfoStatus(f, first.access_token)).toBe(401);
    expectOAuthError(
      await refreshWeb(second.body.refresh_token),
      'invalid_grant',
      400,
      /invalid, expired or revoked/,
    );
  });

  // Issue 8, finding 4: the loser of a race is a second presentation like any other. Whoever
  // wins, the family is revoked: the winner's refresh token and access token are refused at once.
  it.each([
    [2, 50],
    [200, 10],
  ])(
    '%i simultaneous uses of one refresh token revoke the family, every one of %i rounds',
    async (concurrency, rounds) => {
      const browser = new Browser();
      const self: RaceInstance = {
        refresh: (refreshToken) => refreshWeb(refreshToken),
        introspect: async (t) =>
          (
            await post(`${f.server.authBaseUri}v2/introspect`, {
              token: t,
              client_id: f.webApp.clientId,
              client_secret: f.webApp.clientSecret ?? '',
            })
          ).body?.active === true,
      };
      let revokedRounds = 0;
      for (let round = 0; round < rounds; round++) {
        const code = await obtainCode(f, webAuthorizeParams(f), 'ada', browser);
        const first = (await exchangeWebCode(f, code)).body as { refresh_token: string };
        const { winner, familyRevoked } = await raceRefresh([self], first.refresh_token, concurrency);
        const accessTokenRefused =
          (await userinfoStatus(f, winner.access_token)) === 401 &&
          !(await self.introspect(winner.access_token));
        if (familyRevoked && accessTokenRefused) revokedRounds++;
      }
      expect(revokedRounds).toBe(rounds);
    },
    60_000,
  );

  it('the loser of a race that read the token while it was still active revokes the family too', async () => {
    const first = await webTokens();
    const { result: results, lookups } = await withLookupsInLockstep(
      f.server.server.ctx.store.userTokens,
      2,
      () => Promise.all([refreshWeb(first.refresh_token), refreshWeb(first.refresh_token)]),
    );
    expect(lookups).toBe(2);
    const winner = results.find((r) => r.status === 200);
    const loser = results.find((r) => r.status !== 200);
    expect(winner).toBeDefined();
    expectOAuthError(loser as (typeof results)[number], 'invalid_grant', 400, /already used/);
    expect(await userinfoStatus(f, winner?.body.access_token)).toBe(401);
    expectOAuthError(
      await refreshWeb(winner?.body.refresh_token),
      'invalid_grant',
      400,
      /invalid, expired or revoked/,
    );
  });

  it('scope on refresh may narrow (⊆ the original) and a wider one is invalid_scope', async () => {
    const first = await webTokens();
    expectOAuthError(
      await refreshWeb(first.refresh_token, { scope: 'email_read email_write' }),
      'invalid_scope',
      400,
    );
    const narrowed = await refreshWeb(first.refresh_token, { scope: 'email_read' });
    expect(narrowed.status).toBe(200);
    expect(narrowed.body.scope).toBe('email_read');
    // The refresh token keeps the original grant: a later refresh may ask for all of it again.
    const again = await refreshWeb(narrowed.body.refresh_token);
    expect(again.body.scope).toBe(first.scope);
  });

  it('account_id switches to another BU of the user, never to a foreign one', async () => {
    const first = await webTokens({ account_id: String(f.server.eid) }, 'multi');
    expect(first.scope).toBe('email_read offline');
    const switched = await refreshWeb(first.refresh_token, { account_id: String(f.bu2) });
    expect(switched.status).toBe(200);
    expect(decodeJwt(switched.body.access_token).mid).toBe(f.bu2);
    // original grant ∩ permissions in the new BU
    expect(switched.body.scope).toBe('offline');
    expectOAuthError(
      await refreshWeb(switched.body.refresh_token, { account_id: '123456789' }),
      'invalid_grant',
      400,
      /not a member/,
    );
  });

  it('expires after 30 days (injected clock)', async () => {
    const first = await webTokens();
    f.clock.now += 30 * 86_400_000;
    try {
      expectOAuthError(
        await refreshWeb(first.refresh_token),
        'invalid_grant',
        400,
        /invalid, expired or revoked/,
      );
    } finally {
      f.clock.now -= 30 * 86_400_000;
    }
  });

  it('belongs to its client and tenant; unknown tokens are invalid_grant', async () => {
    const first = await webTokens();
    const asPublic = await token(f, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
      client_id: f.publicApp.clientId,
    });
    expectOAuthError(asPublic, 'invalid_grant', 400, /another client/);
    expectOAuthError(await refreshWeb('not-a-token'), 'invalid_grant', 400);
    expectOAuthError(await refreshWeb(''), 'invalid_request', 400, /refresh_token/);
    // Still usable by its own client: the failed attempts did not consume it.
    expect((await refreshWeb(first.refresh_token)).status).toBe(200);
  });

  it('public app refreshes with client_id only', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await obtainCode(f, publicAuthorizeParams(f, challenge));
    const issued = await token(f, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: PUBLIC_REDIRECT,
      client_id: f.publicApp.clientId,
      code_verifier: verifier,
    });
    const refreshed = await token(f, {
      grant_type: 'refresh_token',
      refresh_token: issued.body.refresh_token,
      client_id: f.publicApp.clientId,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toBeTruthy();
  });

  it('a password change revokes every token of the user', async () => {
    const user = await f.server.admin('POST', `/tenants/${f.server.subdomain}/users`, {
      username: 'temp-user',
      password: 'first password',
      businessUnits: [{ mid: f.server.eid, permissions: ['email_read'] }],
    });
    const licenses = `/tenants/${f.server.subdomain}/packages/${f.webApp.packageId}/integration/licenses`;
    const before = (await f.server.admin('GET', licenses)).body.userIds as number[];
    await f.server.admin('PUT', licenses, { userIds: [...before, user.body.id] });
    const { signIn, authorizeUrl, redirectParams } = await import('./support/fixture.js');
    const { Browser } = await import('./support/browser.js');
    const page = await signIn(
      new Browser(),
      authorizeUrl(f, webAuthorizeParams(f)),
      'temp-user',
      'first password',
    );
    const issued = await exchangeWebCode(f, redirectParams(page).get('code') ?? '');
    expect(issued.status).toBe(200);
    await f.server.admin('PATCH', `/tenants/${f.server.subdomain}/users/${user.body.id}`, {
      password: 'second password',
    });
    expect(await userinfoStatus(f, issued.body.access_token)).toBe(401);
    expectOAuthError(await refreshWeb(issued.body.refresh_token), 'invalid_grant', 400);
  });
});
