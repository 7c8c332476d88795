import type { AppContext } from '../../../app-context.js';
import { InvalidGrant } from '../../../errors/oauth-errors.js';
import { MAX_OPAQUE_TOKEN_LENGTH, opaqueTokenHash } from '../../../tokens/opaque-token.js';
import { GrantAlreadyUsed, issueUserTokens, revokeTokenFamilies } from '../../../tokens/user-tokens.js';
import { requireParameter } from '../../parse-parameters.js';
import { checkCodeVerifier } from '../../pkce/pkce.js';
import { checkGrantAllowed } from '../check-grant-allowed.js';
import type { GrantHandler } from '../grant.js';
import { resolveUserGrant } from '../resolve-user-grant.js';

const INVALID_CODE = 'The authorization code is invalid or has expired.';
const CODE_REPLAYED =
  'The authorization code has already been used: every token issued from it has been revoked.';

/**
 * RFC 6749 §4.1.3 for web and public apps (PRODUCT.md §4): the code is single use, lives five
 * minutes and is bound to the client, the redirect URI and the PKCE challenge. Replay revokes
 * everything issued from the code (RFC 6749 §4.1.2).
 */
export function authorizationCodeGrant(ctx: AppContext): GrantHandler {
  return async ({ params, client, secret, tenant, now }) => {
    checkGrantAllowed(client.integration.integrationType, 'authorization_code');
    const code = requireParameter(params, 'code');
    const redirectUri = requireParameter(params, 'redirect_uri');
    if (code.length > MAX_OPAQUE_TOKEN_LENGTH) throw new InvalidGrant(INVALID_CODE);
    const codeHash = opaqueTokenHash(code);
    const record = await ctx.store.userTokens.findCode(codeHash);
    if (!record || record.tenantId !== tenant.tenant.id) throw new InvalidGrant(INVALID_CODE);
    if (record.clientId !== client.integration.clientId) {
      throw new InvalidGrant('The authorization code was issued to another client.');
    }
    if (record.usedAt !== null) {
      await revokeTokenFamilies(ctx, [record.familyId], now);
      throw new InvalidGrant(CODE_REPLAYED);
    }
    if (record.expiresAt <= now) throw new InvalidGrant(INVALID_CODE);
    if (record.redirectUri !== redirectUri) {
      throw new InvalidGrant('redirect_uri does not match the redirect URI of the authorization request.');
    }
    checkCodeVerifier(record.codeChallenge, params.code_verifier);
    const family = await ctx.store.userTokens.findFamily(record.familyId);
    if (!family || family.revokedAt !== null) throw new InvalidGrant(INVALID_CODE);
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
        consume: (repos) => repos.userTokens.consumeCode(codeHash, now),
      });
    } catch (err) {
      if (!(err instanceof GrantAlreadyUsed)) throw err;
      // Two exchanges of one code: the second is a replay all the same.
      await revokeTokenFamilies(ctx, [record.familyId], now);
      throw new InvalidGrant(CODE_REPLAYED);
    }
  };
}
