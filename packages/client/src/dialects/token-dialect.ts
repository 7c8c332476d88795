import type { Clock, FetchLike } from '../http/fetch-like.js';
import type { TokenResponse } from '../tokens/token.js';
import type { TokenRequestParams } from '../tokens/token-request-params.js';

/**
 * What a dialect may use while building or completing a request.
 */
export interface DialectContext {
  /** Normalised base URI the provider was configured with (auth base URI, My Domain, or issuer). */
  baseUri: string;
  /** The fetch implementation. */
  fetch: FetchLike;
  /** Request timeout in milliseconds. */
  timeoutMs: number;
  /** Wall clock (epoch ms). */
  now: Clock;
  /** Whether http is allowed off loopback. */
  allowInsecureHttp: boolean;
}

/** Options for parsing a token response. */
export interface ParseTokenResponseOptions {
  /** Accept `http:` instance URLs off loopback (mirrors the provider option). */
  allowInsecureHttp?: boolean;
}

/** An encoded token request body with its headers. */
export interface EncodedTokenRequest {
  /** Headers to send (content type, optional Basic authorization). */
  headers: Record<string, string>;
  /** The body. */
  body: string;
}

/**
 * How one family of authorization servers speaks OAuth: where the endpoints are, how a token request
 * is encoded, and how the answer is parsed. The SDK ships {@link createMarketingCloudDialect},
 * {@link createSalesforceCoreDialect} and {@link createRfc6749Dialect}.
 *
 * @example
 * ```ts
 * createTokenProvider({ authBaseUri, clientId, clientSecret, dialect: createSalesforceCoreDialect() });
 * ```
 */
export interface TokenDialect {
  /** Dialect name, part of the cache key. */
  readonly name: string;
  /** Absolute URL of the token endpoint. */
  tokenEndpoint(context: DialectContext): Promise<string>;
  /** Absolute URL of the authorization endpoint (user-context flows). */
  authorizationEndpoint(context: DialectContext): Promise<string>;
  /** Encodes a request: camelCase in, wire format out. */
  encodeTokenRequest(params: TokenRequestParams): EncodedTokenRequest;
  /** Parses a success body: wire format in, camelCase out. Throws `InvalidResponseError`. */
  parseTokenResponse(body: unknown, options: ParseTokenResponseOptions): TokenResponse;
  /**
   * Lifetime in seconds for a token whose answer had no `expires_in` (Salesforce core): a configured
   * value or one learnt by introspection.
   */
  resolveLifetimeSeconds?(
    accessToken: string,
    params: TokenRequestParams,
    context: DialectContext,
  ): Promise<number | undefined>;
}
