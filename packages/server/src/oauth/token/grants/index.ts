import type { AppContext } from '../../../app-context.js';
import type { GrantHandler } from '../grant.js';
import { authorizationCodeGrant } from './authorization-code.js';
import { clientCredentialsGrant } from './client-credentials.js';
import { refreshTokenGrant } from './refresh-token.js';

/** Every grant type the token endpoint accepts, by `grant_type`. */
export function buildGrants(ctx: AppContext): ReadonlyMap<string, GrantHandler> {
  const common = { signer: () => ctx.keys.signer(), usage: ctx.usage };
  return new Map<string, GrantHandler>([
    ['client_credentials', clientCredentialsGrant(common)],
    ['authorization_code', authorizationCodeGrant(ctx)],
    ['refresh_token', refreshTokenGrant(ctx)],
  ]);
}
