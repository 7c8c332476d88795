import type { AppContext } from '../../../app-context.js';
import { InvalidGrant } from '../../../errors/oauth-errors.js';
import type { RefreshTokenRecord } from '../../../storage/user-records.js';
import { MAX_OPAQUE_TOKEN_LENGTH, opaqueTokenHash } from '../../../tokens/opaque-token.js';
import { isRetryWithinGrace, rotationRequestHash } from '../../../tokens/refresh-token-reuse.js';
import { GrantAlreadyUsed, issueUserTokens, revokeTokenFamilies } from '../../../tokens/user-tokens.js';
import { requireParameter } from '../../parse-parameters.js';
import { checkGrantAllowed } from '../check-grant-allowed.js';
import type { GrantHandler } from '../grant.js';
import { resolveUserGrant } from '../resolve-user-grant.js';

const INVALID_REFRESH_TOKEN = 'The refresh token is invalid, expired or revoked.';
const REUSED =
  'The refresh token was already used: every token of this grant has been revoked. Sign in again.';

/**
 * RFC 6749 §6 with rotation (PRODUCT.md §4, RFC 9700 §4.14.2): each use returns a new pair and
 * retires the presented token. Any second presentation of a token — later, or racing the first
 * on this or another instance — revokes the whole family, the winner's new pair included: a
 * thief who races the client must not keep working tokens (the class of CVE-2026-1035).
 */
export function refreshTokenGrant(ctx: AppContext): GrantHandler {
  return async ({ params, client, secret, tenant, now }) => {
    checkGrantAllowed(client.integration.integrationType, 'refresh_token');
    const token = requireParameter(params, 'refresh_token');
    if (token.length > MAX_OPAQUE_TOKEN_LENGTH) throw new InvalidGrant(INVALID_REFRESH_TOKEN);
    const tokenHash = opaqueTokenHash(token);
    const requestHash = rotationRequestHash(params);
    const record = await ctx.store.userTokens.findRefreshToken(tokenHash);
    const family = record && (await ctx.store.userTokens.findFamily(record.familyId));
    if (!record || !family || family.tenantId !== tenant.tenant.id) {
      throw new InvalidGrant(INVALID_REFRESH_TOKEN);
    }
    if (family.clientId !== client.integration.clientId) {
      throw new InvalidGrant('The refresh token was issued to another client.');
    }
    if (record.state === 'rotated') {
      // Already revoked: the transaction that did it revoked every token of the family.
      if (family.revokedAt !== null) throw new InvalidGrant(REUSED);
      return rejectReuse(ctx, record, requestHash, now);
    }
    if (record.state !== 'active' || family.revokedAt !== null || record.expiresAt <= now) {
      throw new InvalidGrant(INVALID_REFRESH_TOKEN);
    }
    const { mid, scopes } = await resolveUserGrant(ctx, {
      family,
      client,
      tenant,
      boundMid: record.mid,
      params,
    });
    try {
      return await issueUserTokens(ctx, {
        family,
        client,
        secret,
        tenant,
        mid,
        scopes,
        now,
        consume: (repos) => repos.userTokens.rotateRefreshToken(tokenHash, { rotatedAt: now, requestHash }),
      });
    } catch (err) {
      if (!(err instanceof GrantAlreadyUsed)) throw err;
      // Lost the race: both requests read the token while it was active. The winner has
      // committed by now, so this is a second presentation like any other.
      const rotated = await ctx.store.userTokens.findRefreshToken(tokenHash);
      return rejectReuse(ctx, rotated ?? record, requestHash, now);
    }
  };
}

/** A rotated token presented again: revoke its family, unless it is the client's retry in grace. */
async function rejectReuse(
  ctx: AppContext,
  record: RefreshTokenRecord,
  requestHash: string,
  now: number,
): Promise<never> {
  if (isRetryWithinGrace(record, requestHash, now, ctx.config.refreshTokenReuseGraceSeconds)) {
    throw new InvalidGrant(
      'The refresh token was just used by an identical request: use the tokens it returned.',
    );
  }
  await revokeTokenFamilies(ctx, [record.familyId], now);
  throw new InvalidGrant(REUSED);
}
