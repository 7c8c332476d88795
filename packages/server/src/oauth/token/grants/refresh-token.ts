import type { AppContext } from '../../../app-context.js';
import { InvalidGrant } from '../../../errors/oauth-errors.js';
import { MAX_OPAQUE_TOKEN_LENGTH, opaqueTokenHash } from '../../../tokens/opaque-token.js';
import { GrantAlreadyUsed, issueUserTokens, revokeTokenFamilies } from '../../../tokens/user-tokens.js';
import { requireParameter } from '../../parse-parameters.js';
import { checkGrantAllowed } from '../check-grant-allowed.js';
import type { GrantHandler } from '../grant.js';
import { resolveUserGrant } from '../resolve-user-grant.js';

const INVALID_REFRESH_TOKEN = 'The refresh token is invalid, expired or revoked.';

/**
 * RFC 6749 §6 with rotation (PRODUCT.md §4, RFC 9700 §4.14.2): each use returns a new pair and
 * retires the presented token. Presenting a retired token again revokes the whole family.
 * Two requests racing with the same active token: exactly one wins (conditional UPDATE), the
 * other gets `invalid_grant` — a race is not taken for theft, a later reuse is.
 */
export function refreshTokenGrant(ctx: AppContext): GrantHandler {
  return async ({ params, client, tenant, now }) => {
    checkGrantAllowed(client.integration.integrationType, 'refresh_token');
    const token = requireParameter(params, 'refresh_token');
    if (token.length > MAX_OPAQUE_TOKEN_LENGTH) throw new InvalidGrant(INVALID_REFRESH_TOKEN);
    const tokenHash = opaqueTokenHash(token);
    const record = await ctx.store.userTokens.findRefreshToken(tokenHash);
    const family = record && (await ctx.store.userTokens.findFamily(record.familyId));
    if (!record || !family || family.tenantId !== tenant.tenant.id) {
      throw new InvalidGrant(INVALID_REFRESH_TOKEN);
    }
    if (family.clientId !== client.integration.clientId) {
      throw new InvalidGrant('The refresh token was issued to another client.');
    }
    if (record.state === 'rotated') {
      await revokeTokenFamilies(ctx, [family.id], now);
      throw new InvalidGrant(
        'The refresh token was already used: every token of this grant has been revoked. Sign in again.',
      );
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
        tenant,
        mid,
        scopes,
        now,
        consume: (repos) => repos.userTokens.rotateRefreshToken(tokenHash),
      });
    } catch (err) {
      if (err instanceof GrantAlreadyUsed) {
        throw new InvalidGrant('The refresh token was just used by another request: use the newest one.');
      }
      throw err;
    }
  };
}
