import { InvalidClient, InvalidRequest, UnauthorizedClient } from '../../errors/oauth-errors.js';
import type { ClientDirectory, ClientEntry, TenantEntry } from '../../setup/directory/client-directory.js';
import { UNKNOWN_CLIENT } from '../client-auth/authenticate-client.js';
import type { OAuthParameters } from '../parse-parameters.js';

/**
 * The client and redirect URI of an authorization request. Until both are known to be right
 * nothing may be sent to the redirect URI (RFC 6749 §4.1.2.1, open redirector): every error
 * thrown here is shown on an error page instead.
 */
export async function resolveAuthorizeClient(
  params: OAuthParameters,
  duplicated: ReadonlySet<string>,
  tenant: TenantEntry,
  directory: ClientDirectory,
): Promise<{ client: ClientEntry; redirectUri: string }> {
  for (const name of ['client_id', 'redirect_uri']) {
    if (duplicated.has(name)) throw new InvalidRequest(`The parameter "${name}" is included more than once.`);
  }
  const clientId = params.client_id;
  if (clientId === undefined || clientId === '')
    throw new InvalidRequest('The "client_id" parameter is required.');
  const client = directory.peekClient(clientId) ?? (await directory.findClient(clientId));
  if (!client || client.tenant.id !== tenant.tenant.id) throw new InvalidClient(UNKNOWN_CLIENT);
  if (client.integration.integrationType === 'server-to-server') {
    throw new UnauthorizedClient(
      'This is a Server-to-Server integration: it cannot use the authorization endpoint. Use "client_credentials" at v2/token.',
    );
  }
  const redirectUri = params.redirect_uri;
  if (redirectUri === undefined || redirectUri === '') {
    throw new InvalidRequest('The "redirect_uri" parameter is required.');
  }
  // Exact string match (PRODUCT.md §2): no normalisation of case, slashes or encoding.
  if (!client.integration.redirectUris.includes(redirectUri)) {
    throw new InvalidRequest(
      'redirect_uri does not exactly match a redirect URI registered on the API Integration.',
    );
  }
  return { client, redirectUri };
}
