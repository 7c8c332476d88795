import { InvalidResponseError } from '../errors/token-errors.js';
import {
  parseExpiresIn,
  parseOptionalString,
  parseRequiredString,
  parseResponseObject,
  parseScope,
  parseTokenType,
} from '../tokens/parse-token-fields.js';
import type { TokenResponse } from '../tokens/token.js';
import { type TokenRequestParams, toWireTokenRequest } from '../tokens/token-request-params.js';
import { joinUrl } from '../urls/join-url.js';
import { normalizeBaseUri } from '../urls/normalize-base-uri.js';
import type { EncodedTokenRequest, ParseTokenResponseOptions, TokenDialect } from './token-dialect.js';

/** Options of {@link createMarketingCloudDialect}. */
export interface MarketingCloudDialectOptions {
  /** Body format of `v2/token`: `json` (documented, default) or `form` (accepted in practice). */
  bodyFormat?: 'json' | 'form';
}

/**
 * The Marketing Cloud (and Packgate) dialect: `POST {authBaseUri}v2/token` with a JSON body carrying
 * `client_id`/`client_secret`, authorization at `{authBaseUri}v2/authorize`; answers carry
 * `expires_in`, `rest_instance_url` and `soap_instance_url` (normalised: scheme added, trailing `/`).
 * This is the default dialect of {@link createTokenProvider}.
 *
 * @example
 * ```ts
 * createTokenProvider({ authBaseUri, clientId, clientSecret, dialect: createMarketingCloudDialect({ bodyFormat: 'form' }) });
 * ```
 */
export function createMarketingCloudDialect(options: MarketingCloudDialectOptions = {}): TokenDialect {
  const bodyFormat = options.bodyFormat ?? 'json';
  return {
    name: `marketing-cloud:${bodyFormat}`,
    tokenEndpoint: async (context) => joinUrl(context.baseUri, 'v2/token'),
    authorizationEndpoint: async (context) => joinUrl(context.baseUri, 'v2/authorize'),
    encodeTokenRequest(params: TokenRequestParams): EncodedTokenRequest {
      const wire = toWireTokenRequest(params, { includeClientCredentials: true });
      if (bodyFormat === 'json') {
        return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(wire) };
      }
      const form = new URLSearchParams();
      for (const [key, value] of Object.entries(wire)) form.set(key, String(value));
      return { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() };
    },
    parseTokenResponse: parseMarketingCloudTokenResponse,
  };
}

/**
 * Parses a Marketing Cloud `v2/token` success body (snake_case) into a {@link TokenResponse}.
 * Instance URLs are required and validated like base URIs.
 *
 * @example
 * ```ts
 * parseMarketingCloudTokenResponse({ access_token: 't', token_type: 'Bearer', expires_in: 1079, rest_instance_url: 'https://…/', soap_instance_url: 'https://…/' });
 * ```
 */
export function parseMarketingCloudTokenResponse(
  value: unknown,
  options: ParseTokenResponseOptions = {},
): TokenResponse {
  const body = parseResponseObject(value);
  const expiresInSeconds = parseExpiresIn(body);
  if (expiresInSeconds === undefined)
    throw new InvalidResponseError('token response field expires_in is missing');
  return {
    accessToken: parseRequiredString(body, 'access_token'),
    tokenType: parseTokenType(body),
    expiresInSeconds,
    scope: parseScope(body),
    restInstanceUrl: parseInstanceUrl(body, 'rest_instance_url', options),
    soapInstanceUrl: parseInstanceUrl(body, 'soap_instance_url', options),
    refreshToken: parseOptionalString(body, 'refresh_token'),
  };
}

function parseInstanceUrl(
  body: Record<string, unknown>,
  field: string,
  options: ParseTokenResponseOptions,
): string {
  return normalizeBaseUri(body[field], {
    name: `token response field ${field}`,
    addMissingScheme: true,
    fromServer: true,
    allowInsecureHttp: options.allowInsecureHttp ?? false,
  });
}
