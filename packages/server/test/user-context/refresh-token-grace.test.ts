import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/backends.js';
import { expectOAuthError } from '../support/oauth-assertions.js';
import { Browser } from './support/browser.js';
import {
  exchangeWebCode,
  type Fixture,
  obtainCode,
  startFixture,
  token,
  webAuthorizeParams,
} from './support/fixture.js';
import { withLookupsInLockstep } from './support/refresh-race.js';

const GRACE_SECONDS = 5;
const REUSED = /already used: every token of this grant has been revoked/;
const RETRY = /just used by an identical request/;

const userinfoStatus = async (f: Fixture, accessToken: string) =>
  (await fetch(`${f.server.authBaseUri}v2/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } }))
    .status;

/**
 * PACKGATE_REFRESH_TOKEN_REUSE_GRACE_SECONDS (default 0, see refresh-token.test.ts): within the
 * grace, the identical request (same client, token, scope and account_id) is refused without
 * revoking, so a client whose two threads refresh at once keeps the pair one of them received.
 * Anything else — another scope or BU, or the grace over — is reuse and revokes the family.
 */
describe.each(BACKENDS)('refresh-token reuse grace of 5 seconds ($name)', (backend) => {
  let f: Fixture;
  const browser = new Browser();
  beforeAll(async () => {
    f = await startFixture(backend, { settings: { refreshTokenReuseGraceSeconds: String(GRACE_SECONDS) } });
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
  /** A new family, refreshed once: `retired` is the token it rotated, `current` the new pair. */
  const rotatedFamily = async (extra: Record<string, string> = {}, username = 'ada') => {
    const code = await obtainCode(
      f,
      webAuthorizeParams(f),
      username,
      username === 'ada' ? browser : new Browser(),
    );
    const first = (await exchangeWebCode(f, code)).body as { refresh_token: string };
    const current = await refreshWeb(first.refresh_token, extra);
    expect(current.status).toBe(200);
    return {
      retired: first.refresh_token,
      current: current.body as { access_token: string; refresh_token: string },
    };
  };

  it('the identical retry within the grace is refused and revokes nothing', async () => {
    const { retired, current } = await rotatedFamily({ scope: 'email_read offline' });
    f.clock.now += (GRACE_SECONDS - 1) * 1000;
    // The same scope set in another order is the same request.
    expectOAuthError(await refreshWeb(retired, { scope: 'offline email_read' }), 'invalid_grant', 400, RETRY);
    expect(await userinfoStatus(f, current.access_token)).toBe(200);
    expect((await refreshWeb(current.refresh_token)).status).toBe(200);
  });

  it('the identical retry once the grace is over revokes the family', async () => {
    const { retired, current } = await rotatedFamily();
    f.clock.now += GRACE_SECONDS * 1000;
    expectOAuthError(await refreshWeb(retired), 'invalid_grant', 400, REUSED);
    expect(await userinfoStatus(f, current.access_token)).toBe(401);
    expectOAuthError(await refreshWeb(current.refresh_token), 'invalid_grant', 400);
  });

  it.each([
    ['another scope', { scope: 'email_read' }],
    ['an account_id', { account_id: '1' }],
  ])('a retry with %s within the grace is reuse and revokes the family', async (_, extra) => {
    const { retired, current } = await rotatedFamily();
    expectOAuthError(await refreshWeb(retired, extra), 'invalid_grant', 400, REUSED);
    expect(await userinfoStatus(f, current.access_token)).toBe(401);
    expectOAuthError(await refreshWeb(current.refresh_token), 'invalid_grant', 400);
  });

  it('the loser of a forced race with the identical request within the grace revokes nothing', async () => {
    const code = await obtainCode(f, webAuthorizeParams(f), 'ada', browser);
    const first = (await exchangeWebCode(f, code)).body as { refresh_token: string };
    const { result: results, lookups } = await withLookupsInLockstep(
      f.server.server.ctx.store.userTokens,
      2,
      () => Promise.all([refreshWeb(first.refresh_token), refreshWeb(first.refresh_token)]),
    );
    expect(lookups).toBe(2);
    const winner = results.find((r) => r.status === 200);
    expectOAuthError(
      results.find((r) => r.status !== 200) as (typeof results)[number],
      'invalid_grant',
      400,
      RETRY,
    );
    expect(await userinfoStatus(f, winner?.body.access_token)).toBe(200);
    expect((await refreshWeb(winner?.body.refresh_token)).status).toBe(200);
  });

  it('simultaneous identical refreshes within the grace: one pair issued and kept, every round', async () => {
    for (let round = 0; round < 20; round++) {
      const code = await obtainCode(f, webAuthorizeParams(f), 'ada', browser);
      const first = (await exchangeWebCode(f, code)).body as { refresh_token: string };
      const results = await Promise.all([refreshWeb(first.refresh_token), refreshWeb(first.refresh_token)]);
      const winners = results.filter((r) => r.status === 200);
      expect(winners).toHaveLength(1);
      expectOAuthError(
        results.find((r) => r.status !== 200) as (typeof results)[number],
        'invalid_grant',
        400,
        RETRY,
      );
      expect((await refreshWeb(winners[0]?.body.refresh_token)).status).toBe(200);
    }
  });
});
