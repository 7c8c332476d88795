import { InvalidRequest } from '../../errors/oauth-errors.js';
import type { OAuthParameters } from '../parse-parameters.js';

export type ClientAuthMethod = 'client_secret_post' | 'client_secret_basic' | 'none';

export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string | undefined;
  readonly method: ClientAuthMethod;
}

/**
 * Reads the client's credentials from the body (`client_id` + `client_secret`) or HTTP Basic
 * (RFC 6749 §2.3.1, values form-encoded). Using both methods at once, or any other method
 * (`client_assertion`), is `invalid_request` (§2.3: a client must not use more than one).
 * Returns undefined when the request carries no client identification at all.
 */
export function readClientCredentials(
  params: OAuthParameters,
  authorization: string | undefined,
): ClientCredentials | undefined {
  if (params.client_assertion !== undefined || params.client_assertion_type !== undefined) {
    throw new InvalidRequest('client_assertion is not supported: send client_id and client_secret.');
  }
  const basic = authorization === undefined ? undefined : parseBasicAuthorization(authorization);
  if (basic) {
    if (params.client_secret !== undefined) {
      throw new InvalidRequest(
        'Use one client authentication method: HTTP Basic or client_secret in the body.',
      );
    }
    if (params.client_id !== undefined && params.client_id !== basic.clientId) {
      throw new InvalidRequest('client_id in the body does not match the HTTP Basic credentials.');
    }
    return { ...basic, method: 'client_secret_basic' };
  }
  const clientId = params.client_id;
  if (clientId === undefined || clientId === '') {
    if (params.client_secret !== undefined)
      throw new InvalidRequest('The "client_id" parameter is required.');
    return undefined;
  }
  const clientSecret = params.client_secret;
  if (clientSecret === undefined) return { clientId, clientSecret: undefined, method: 'none' };
  return { clientId, clientSecret, method: 'client_secret_post' };
}

function parseBasicAuthorization(header: string): { clientId: string; clientSecret: string } | undefined {
  const match = /^Basic[ ]+([A-Za-z0-9+/=_-]*)\s*$/i.exec(header);
  if (!match) {
    if (/^Basic\b/i.test(header)) throw new InvalidRequest('Malformed HTTP Basic authorization header.');
    return undefined; // another scheme (e.g. Bearer) is not client authentication here
  }
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) throw new InvalidRequest('Malformed HTTP Basic authorization header.');
  try {
    return {
      clientId: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      clientSecret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    };
  } catch {
    throw new InvalidRequest('Malformed HTTP Basic authorization header.');
  }
}
