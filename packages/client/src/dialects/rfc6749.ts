import { DiscoveryError } from '../errors/token-errors.js';
import {
  parseExpiresIn,
  parseOptionalString,
  parseRequiredString,
  parseResponseObject,
  parseScope,
  parseTokenType,
} from '../tokens/parse-token-fields.js';
import type { TokenResponse } from '../tokens/token.js';
import { normalizeBaseUri } from '../urls/normalize-base-uri.js';
import {
  type AuthorizationServerMetadata,
  discoverAuthorizationServer,
} from './authorization-server-metadata.js';
import { type ClientAuthentication, encodeFormTokenRequest } from './form-encoding.js';
import type { DialectContext, TokenDialect } from './token-dialect.js';

/** Options of {@link createRfc6749Dialect}. */
export interface Rfc6749DialectOptions {
  /** Client authentication; default: `client_secret_basic` unless the metadata only lists `client_secret_post`. */
  clientAuthentication?: ClientAuthentication;
  /** Lifetime assumed when an answer has no `expires_in` (default 3600 s). */
  defaultLifetimeSeconds?: number;
  /** Base URI for the request helper (`restInstanceUrl` of issued tokens); default `''`. */
  restBaseUri?: string;
}

/**
 * A plain RFC 6749 dialect for any OAuth 2.0 server: endpoints come from RFC 8414 metadata discovered
 * from `authBaseUri` (the issuer), requests are form-encoded, answers are standard token responses.
 *
 * @example
 * ```ts
 * createTokenProvider({ authBaseUri: 'https://login.example.com/', clientId, clientSecret, dialect: createRfc6749Dialect() });
 * ```
 */
export function createRfc6749Dialect(options: Rfc6749DialectOptions = {}): TokenDialect {
  const defaultLifetimeSeconds = options.defaultLifetimeSeconds ?? 3600;
  const restBaseUri =
    options.restBaseUri === undefined ? '' : normalizeBaseUri(options.restBaseUri, { name: 'restBaseUri' });
  let metadata: Promise<AuthorizationServerMetadata> | undefined;
  let chosen: ClientAuthentication | undefined = options.clientAuthentication;
  const discover = (context: DialectContext): Promise<AuthorizationServerMetadata> => {
    metadata ??= discoverAuthorizationServer(context).catch((error: unknown) => {
      metadata = undefined;
      throw error;
    });
    return metadata;
  };
  return {
    name: `rfc6749:${options.clientAuthentication ?? 'auto'}`,
    async tokenEndpoint(context) {
      const found = await discover(context);
      chosen ??= found.tokenEndpointAuthMethodsSupported.includes('client_secret_basic')
        ? 'client_secret_basic'
        : 'client_secret_post';
      return found.tokenEndpoint;
    },
    async authorizationEndpoint(context) {
      const found = await discover(context);
      if (found.authorizationEndpoint === undefined) {
        throw new DiscoveryError('authorization server metadata has no authorization_endpoint');
      }
      return found.authorizationEndpoint;
    },
    encodeTokenRequest: (params) => encodeFormTokenRequest(params, chosen ?? 'client_secret_basic'),
    parseTokenResponse(value): TokenResponse {
      const body = parseResponseObject(value);
      return {
        accessToken: parseRequiredString(body, 'access_token'),
        tokenType: parseTokenType(body),
        expiresInSeconds: parseExpiresIn(body),
        scope: parseScope(body),
        restInstanceUrl: restBaseUri,
        soapInstanceUrl: '',
        refreshToken: parseOptionalString(body, 'refresh_token'),
      };
    },
    resolveLifetimeSeconds: async () => defaultLifetimeSeconds,
  };
}
