import type { DialectContext, TokenDialect } from '../dialects/token-dialect.js';
import type { PackgateClientError } from '../errors/packgate-client-error.js';
import { parseErrorBody } from '../errors/parse-error-body.js';
import { tokenErrorFromResponse } from '../errors/token-error-from-response.js';
import { InvalidResponseError } from '../errors/token-errors.js';
import { hintForTokenTransportFailure } from '../errors/token-failure-causes.js';
import { NetworkError, RequestTimeoutError } from '../errors/transport-errors.js';
import { parseRetryAfter } from '../http/retry-after.js';
import { readText, sendRequest } from '../http/send-request.js';
import { freezeToken, type UserToken } from './token.js';
import type { TokenRequestParams } from './token-request-params.js';

/**
 * Requests one token from a token endpoint and returns it with its expiry fixed on the wall clock:
 * `expiresAt = (time the request was sent) + expires_in`, never later than the server's own expiry
 * however slow the answer. Redirects are not followed (credentials
 * never travel to another URL); error answers become typed errors (see {@link tokenErrorFromResponse}).
 * This is the request half of the `requestToken` + `parseTokenResponse` pair of each dialect.
 *
 * @example
 * ```ts
 * const token = await requestToken({ grantType: 'client_credentials', clientId, clientSecret }, createMarketingCloudDialect(), context);
 * ```
 */
export async function requestToken(
  params: TokenRequestParams,
  dialect: TokenDialect,
  context: DialectContext,
): Promise<UserToken> {
  return (await requestTokenAndResponse(params, dialect, context)).token;
}

/** A token with the success body it was parsed from (tools show and check the raw fields). */
export interface TokenAndResponse {
  /** The parsed token. */
  readonly token: UserToken;
  /** The token endpoint's success body, as JSON. */
  readonly response: Readonly<Record<string, unknown>>;
}

/**
 * {@link requestToken}, also returning the raw success body: for tools that print the whole answer
 * or check fields the parsed token normalises (`packgate token --json`, `packgate doctor`).
 *
 * @example
 * ```ts
 * const { token, response } = await requestTokenAndResponse(params, createMarketingCloudDialect(), context);
 * ```
 */
export async function requestTokenAndResponse(
  params: TokenRequestParams,
  dialect: TokenDialect,
  context: DialectContext,
): Promise<TokenAndResponse> {
  const endpoint = await dialect.tokenEndpoint(context);
  const encoded = dialect.encodeTokenRequest(params);
  // The server starts the lifetime when it issues the token, before its answer arrives: count from
  // the send time so a slow answer never makes the SDK believe in a later expiry than the server's.
  const sentAt = context.now();
  const response = await sendRequest(
    endpoint,
    {
      method: 'POST',
      headers: { ...encoded.headers, accept: 'application/json' },
      body: encoded.body,
      redirect: 'manual',
    },
    { fetch: context.fetch, timeoutMs: context.timeoutMs, target: 'token endpoint' },
  ).catch((error: unknown) => {
    throw withTokenEndpointHint(error, context.baseUri);
  });
  const receivedAt = context.now();
  const text = await readText(response, 1_000_000);
  if (!response.ok) {
    throw tokenErrorFromResponse({
      status: response.status,
      body: parseErrorBody(text),
      grantType: params.grantType,
      secrets: [params.clientSecret, params.refreshToken, params.code, params.codeVerifier],
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), receivedAt),
      accountId: params.accountId,
      endpoint,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InvalidResponseError(
      `token endpoint answered HTTP ${response.status} with a body that is not JSON`,
      {
        status: response.status,
      },
    );
  }
  const parsed = dialect.parseTokenResponse(json, { allowInsecureHttp: context.allowInsecureHttp });
  const lifetimeSeconds =
    parsed.expiresInSeconds ?? (await dialect.resolveLifetimeSeconds?.(parsed.accessToken, params, context));
  if (lifetimeSeconds === undefined) {
    throw new InvalidResponseError('token response has no expires_in and the dialect knows no lifetime');
  }
  const token: { -readonly [K in keyof UserToken]: UserToken[K] } = {
    accessToken: parsed.accessToken,
    tokenType: parsed.tokenType,
    expiresAt: sentAt + Math.floor(lifetimeSeconds * 1000),
    scope: parsed.scope ?? (params.scope === undefined ? [] : [...params.scope]),
    restInstanceUrl: parsed.restInstanceUrl,
    soapInstanceUrl: parsed.soapInstanceUrl,
  };
  if (parsed.refreshToken !== undefined) token.refreshToken = parsed.refreshToken;
  return { token: freezeToken(token), response: json as Record<string, unknown> };
}

/** A transport failure on the way to a token endpoint gets the hint for its socket code. */
function withTokenEndpointHint(error: unknown, authBaseUri: string): unknown {
  if (!(error instanceof NetworkError || error instanceof RequestTimeoutError)) return error;
  const code = error.transportCode ?? 'ENETWORK';
  const Type = error instanceof NetworkError ? NetworkError : RequestTimeoutError;
  const rewrapped: PackgateClientError = new Type(error.message, {
    cause: error.cause,
    transportCode: error.transportCode,
    hint: hintForTokenTransportFailure(code, authBaseUri),
  });
  return rewrapped;
}
