import { expiresInSeconds } from '../../../config/config.js';
import { narrowScopes } from '../../../setup/scopes/narrow-scopes.js';
import type { UsageRecorder } from '../../../setup/usage/usage-recorder.js';
import { type AccessTokenSigner, clientTypeOf } from '../../../tokens/access-token.js';
import { checkGrantAllowed } from '../check-grant-allowed.js';
import type { GrantHandler } from '../grant.js';
import { resolveServerBusinessUnit } from '../resolve-business-unit.js';
import { buildTokenResponse } from '../token-response.js';

export interface ClientCredentialsOptions {
  readonly signer: () => AccessTokenSigner;
  readonly usage: UsageRecorder;
}

/** RFC 6749 §4.4 for Server-to-Server integrations (PRODUCT.md §4). No refresh token. */
export function clientCredentialsGrant(options: ClientCredentialsOptions): GrantHandler {
  return ({ params, client, secret, tenant, now }) => {
    const { integration } = client;
    checkGrantAllowed(integration.integrationType, 'client_credentials');
    const mid = resolveServerBusinessUnit(client, tenant, params.account_id);
    const scopes = narrowScopes(params.scope, integration.scopes);
    const { token } = options.signer().issue({
      issuer: tenant.baseUris.authBaseUri,
      clientId: integration.clientId,
      clientType: clientTypeOf(integration.integrationType),
      eid: tenant.tenant.eid,
      mid,
      scopes,
      secretTag: secret?.tag,
      nowSeconds: Math.floor(now / 1000),
      // The tenant's fidelity switches (client directory), over the global defaults.
      ttlSeconds: tenant.fidelity.accessTokenTtlSeconds,
      format: tenant.fidelity.tokenFormat,
    });
    options.usage.recordToken(integration.clientId, secret?.id, mid, now);
    return buildTokenResponse({
      accessToken: token,
      expiresInSeconds: expiresInSeconds(tenant.fidelity),
      scopes,
      baseUris: tenant.baseUris,
    });
  };
}
