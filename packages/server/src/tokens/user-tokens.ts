import type { AppContext } from '../app-context.js';
import { expiresInSeconds } from '../config/config.js';
import { InvalidGrant } from '../errors/oauth-errors.js';
import { buildTokenResponse, type TokenResponse } from '../oauth/token/token-response.js';
import type { CachedSecret, ClientEntry, TenantEntry } from '../setup/directory/client-directory.js';
import type { Repositories } from '../storage/store.js';
import type { TokenFamily } from '../storage/user-records.js';
import { clientTypeOf } from './access-token.js';
import { generateOpaqueToken, opaqueTokenHash } from './opaque-token.js';

type TokenContext = Pick<AppContext, 'store' | 'keys' | 'revocations' | 'config' | 'usage'>;

/**
 * Thrown when `consume` finds the code or refresh token already used by another request. The
 * conditional UPDATE behind `consume` returns only once that request has committed, so its
 * tokens are stored and revoking the family now revokes them too.
 */
export class GrantAlreadyUsed extends InvalidGrant {}

/**
 * Issues an access token and a new refresh token of `family` for one BU. In one transaction:
 * lock the live family, `consume` the presented code or refresh token (a conditional UPDATE:
 * exactly one concurrent request wins), record the access token's `jti` with the family (so
 * revoking the family — code replay, refresh-token reuse, logout, licence removal — revokes
 * it too) and store the new refresh token's hash.
 */
export async function issueUserTokens(
  ctx: TokenContext,
  input: {
    family: TokenFamily;
    client: ClientEntry;
    /** The secret the client authenticated with (web apps); public apps have none. */
    secret?: CachedSecret | undefined;
    tenant: TenantEntry;
    mid: number;
    scopes: readonly string[];
    now: number;
    consume: (repos: Repositories) => Promise<boolean>;
  },
): Promise<TokenResponse> {
  const { family, client, tenant, mid, scopes, now } = input;
  const { token, claims } = ctx.keys.signer().issue({
    issuer: tenant.baseUris.authBaseUri,
    clientId: client.integration.clientId,
    clientType: clientTypeOf(client.integration.integrationType),
    eid: tenant.tenant.eid,
    mid,
    scopes,
    userId: family.userId,
    secretTag: input.secret?.tag,
    nowSeconds: Math.floor(now / 1000),
    ttlSeconds: tenant.fidelity.accessTokenTtlSeconds,
    format: tenant.fidelity.tokenFormat,
  });
  const refreshToken = generateOpaqueToken();
  await ctx.store.transaction(async (repos) => {
    if (!(await repos.userTokens.lockLiveFamily(family.id))) {
      throw new InvalidGrant('This grant has been revoked: the user must sign in again.');
    }
    if (!(await input.consume(repos))) {
      throw new GrantAlreadyUsed('The grant was used by another request at the same time.');
    }
    await repos.userTokens.recordAccessToken(family.id, claims.jti, claims.exp * 1000);
    await repos.userTokens.insertRefreshToken({
      tokenHash: opaqueTokenHash(refreshToken),
      familyId: family.id,
      mid,
      state: 'active',
      createdAt: now,
      expiresAt: now + ctx.config.refreshTokenTtlSeconds * 1000,
    });
  });
  ctx.usage.recordToken(client.integration.clientId, input.secret?.id, mid, now);
  return buildTokenResponse({
    accessToken: token,
    expiresInSeconds: expiresInSeconds(tenant.fidelity),
    scopes,
    baseUris: tenant.baseUris,
    refreshToken,
  });
}

/**
 * Revokes whole families: their refresh tokens at once, their access tokens via the deny list.
 * One transaction stores both, so no crash can leave a revoked family with live access tokens;
 * this process refuses them at once, other instances within their revocation poll.
 */
export async function revokeTokenFamilies(
  ctx: Pick<AppContext, 'store' | 'revocations'>,
  familyIds: readonly string[],
  now: number,
): Promise<void> {
  if (familyIds.length === 0) return;
  const revoked = await ctx.store.transaction(async (repos) => {
    const entries = ctx.revocations.entriesFor(await repos.userTokens.revokeFamilies(familyIds, now));
    await repos.revocations.insertRevocations(entries);
    return entries;
  });
  ctx.revocations.remember(revoked);
}

/** Revokes the live families that match (a user; optionally one client or login session). */
export async function revokeMatchingFamilies(
  ctx: Pick<AppContext, 'store' | 'revocations'>,
  filter: { userId?: number; clientId?: string; sessionHash?: string; onlineOnly?: boolean },
  now: number,
): Promise<void> {
  await revokeTokenFamilies(ctx, await ctx.store.userTokens.listLiveFamilyIds(filter), now);
}

/** How long a code is kept after it expired: a replay within this window still revokes. */
export const CODE_RETENTION_MS = 24 * 3600_000;
/** How often each instance deletes expired codes, refresh tokens, sessions and families. */
export const USER_TOKEN_PURGE_INTERVAL_MS = 10 * 60_000;

/**
 * Every authorization, refresh and login adds rows; without this the store grows forever.
 * Deletes only what can no longer be used (see `purgeExpired`); revoked-token ids stay in the
 * revocation list until the tokens expire.
 */
export async function purgeExpiredUserTokens(ctx: Pick<AppContext, 'store'>, now: number): Promise<void> {
  await ctx.store.userTokens.purgeExpired(now, CODE_RETENTION_MS);
}
