import type { TokenRequestParams } from '../tokens/token-request-params.js';
import { toWireTokenRequest } from '../tokens/token-request-params.js';
import type { EncodedTokenRequest } from './token-dialect.js';

/** How a confidential client authenticates at a form-based token endpoint. */
export type ClientAuthentication = 'client_secret_basic' | 'client_secret_post';

/**
 * Encodes a request as `application/x-www-form-urlencoded`, with the client credentials either in the
 * body (`client_secret_post`) or in HTTP Basic (`client_secret_basic`, RFC 6749 §2.3.1: each part
 * form-encoded before base64). Public clients (no secret) always send `client_id` in the body.
 *
 * @example
 * ```ts
 * encodeFormTokenRequest({ grantType: 'client_credentials', clientId: 'a', clientSecret: 'b' }, 'client_secret_basic');
 * ```
 */
export function encodeFormTokenRequest(
  params: TokenRequestParams,
  clientAuthentication: ClientAuthentication,
): EncodedTokenRequest {
  const basic = clientAuthentication === 'client_secret_basic' && params.clientSecret !== undefined;
  const wire = toWireTokenRequest(params, { includeClientCredentials: !basic });
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(wire)) form.set(key, String(value));
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (basic) headers.authorization = basicAuthorization(params.clientId, params.clientSecret ?? '');
  return { headers, body: form.toString() };
}

/**
 * The `Authorization: Basic …` value for a client id and secret (RFC 6749 §2.3.1).
 *
 * @example
 * ```ts
 * basicAuthorization('id', 's3cret'); // 'Basic aWQ6czNjcmV0'
 * ```
 */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}
