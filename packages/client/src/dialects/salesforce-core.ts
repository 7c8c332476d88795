import { ConfigurationError } from '../errors/configuration-errors.js';
import { readText, sendRequest } from '../http/send-request.js';
import {
  parseOptionalString,
  parseRequiredString,
  parseResponseObject,
  parseScope,
  parseTokenType,
} from '../tokens/parse-token-fields.js';
import type { TokenResponse } from '../tokens/token.js';
import type { TokenRequestParams } from '../tokens/token-request-params.js';
import { joinUrl } from '../urls/join-url.js';
import { normalizeBaseUri } from '../urls/normalize-base-uri.js';
import { type ClientAuthentication, encodeFormTokenRequest } from './form-encoding.js';
import type { DialectContext, ParseTokenResponseOptions, TokenDialect } from './token-dialect.js';

/** Options of {@link createSalesforceCoreDialect}. */
export interface SalesforceCoreDialectOptions {
  /** Client authentication: `client_secret_post` (default, form body) or `client_secret_basic`. */
  clientAuthentication?: ClientAuthentication;
  /**
   * Lifetime assumed for tokens, since core answers carry no `expires_in` (the lifetime is the org's
   * session policy). Default 900 s, the shortest session timeout an org can set.
   */
  tokenLifetimeSeconds?: number;
  /** Ask `services/oauth2/introspect` for the real `exp` of each new token (default `false`). */
  introspect?: boolean;
}

/**
 * The Salesforce core dialect: `POST {myDomain}services/oauth2/token`, form-encoded, credentials in the
 * body or HTTP Basic. Answers carry `instance_url` but no `expires_in`: the lifetime comes from
 * `tokenLifetimeSeconds` or from introspection. `restInstanceUrl` and `soapInstanceUrl` are both the
 * normalised `instance_url`. Use your My Domain URL as `authBaseUri`.
 *
 * @example
 * ```ts
 * createTokenProvider({ authBaseUri: 'https://acme.my.salesforce.com/', clientId, clientSecret,
 *   dialect: createSalesforceCoreDialect({ introspect: true }) });
 * ```
 */
export function createSalesforceCoreDialect(options: SalesforceCoreDialectOptions = {}): TokenDialect {
  const clientAuthentication = options.clientAuthentication ?? 'client_secret_post';
  const tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 900;
  if (!Number.isFinite(tokenLifetimeSeconds) || tokenLifetimeSeconds <= 0) {
    throw new ConfigurationError('tokenLifetimeSeconds must be a positive number of seconds');
  }
  return {
    name: `salesforce-core:${clientAuthentication}`,
    tokenEndpoint: async (context) => joinUrl(context.baseUri, 'services/oauth2/token'),
    authorizationEndpoint: async (context) => joinUrl(context.baseUri, 'services/oauth2/authorize'),
    encodeTokenRequest: (params) => encodeFormTokenRequest(params, clientAuthentication),
    parseTokenResponse: parseSalesforceCoreTokenResponse,
    async resolveLifetimeSeconds(accessToken, params, context) {
      if (options.introspect) {
        const seconds = await introspectLifetime(accessToken, params, context, clientAuthentication);
        if (seconds !== undefined) return seconds;
      }
      return tokenLifetimeSeconds;
    },
  };
}

/**
 * Parses a Salesforce core token answer (`access_token`, `instance_url`, `token_type`, `scope`,
 * `issued_at`, `id`, `signature`; no `expires_in`).
 *
 * @example
 * ```ts
 * parseSalesforceCoreTokenResponse({ access_token: '00D…', instance_url: 'https://acme.my.salesforce.com', token_type: 'Bearer' });
 * ```
 */
export function parseSalesforceCoreTokenResponse(
  value: unknown,
  options: ParseTokenResponseOptions = {},
): TokenResponse {
  const body = parseResponseObject(value);
  const instanceUrl = normalizeBaseUri(parseRequiredString(body, 'instance_url'), {
    name: 'token response field instance_url',
    fromServer: true,
    allowInsecureHttp: options.allowInsecureHttp ?? false,
  });
  return {
    accessToken: parseRequiredString(body, 'access_token'),
    tokenType: parseTokenType(body),
    expiresInSeconds: undefined,
    scope: parseScope(body),
    restInstanceUrl: instanceUrl,
    soapInstanceUrl: instanceUrl,
    refreshToken: parseOptionalString(body, 'refresh_token'),
  };
}

async function introspectLifetime(
  accessToken: string,
  params: TokenRequestParams,
  context: DialectContext,
  clientAuthentication: ClientAuthentication,
): Promise<number | undefined> {
  const encoded = encodeFormTokenRequest(
    { grantType: 'client_credentials', clientId: params.clientId, clientSecret: params.clientSecret },
    clientAuthentication,
  );
  const form = new URLSearchParams(encoded.body);
  form.delete('grant_type');
  form.set('token', accessToken);
  form.set('token_type_hint', 'access_token');
  const response = await sendRequest(
    joinUrl(context.baseUri, 'services/oauth2/introspect'),
    {
      method: 'POST',
      headers: { ...encoded.headers, accept: 'application/json' },
      body: form.toString(),
      redirect: 'manual',
    },
    { fetch: context.fetch, timeoutMs: context.timeoutMs, target: 'introspection endpoint' },
  );
  const text = await readText(response, 100_000);
  if (!response.ok) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const { active, exp } = body as { active?: unknown; exp?: unknown };
  if (active !== true || typeof exp !== 'number' || !Number.isFinite(exp)) return undefined;
  const seconds = exp - context.now() / 1000;
  return seconds > 0 ? seconds : undefined;
}
