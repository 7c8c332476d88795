import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/src/testing.js';
import {
  createMarketingCloudDialect,
  createRestClient,
  createRfc6749Dialect,
  createSoapClient,
  createTokenProvider,
  type FetchLike,
  InsufficientScopeError,
  InvalidClientError,
  InvalidScopeError,
  MemoryTokenCache,
  PackgateClientError,
  SecretExpiredError,
  SoapFaultError,
} from '../src/index.js';

const RETRIEVE_DATA_EXTENSIONS =
  '<RetrieveRequestMsg xmlns="http://exacttarget.com/wsdl/partnerAPI"><RetrieveRequest>' +
  '<ObjectType>DataExtension</ObjectType><Properties>CustomerKey</Properties><Properties>Name</Properties>' +
  '</RetrieveRequest></RetrieveRequestMsg>';

/** Wraps the global fetch and counts token requests. */
function countingFetch() {
  const counter = { tokenRequests: 0, fetch: undefined as unknown as FetchLike };
  counter.fetch = (input, init) => {
    if (String(input).endsWith('/v2/token')) counter.tokenRequests++;
    return fetch(input, init);
  };
  return counter;
}

describe('SDK against a real Packgate server (ephemeral port)', () => {
  let server: TestServer;
  let clock = Date.now();

  beforeAll(async () => {
    clock = Date.now();
    server = await startTestServer({ now: () => clock });
  });
  afterAll(async () => {
    await server?.close();
  });

  /** client_credentials tokens the server itself has issued so far (its Prometheus counter). */
  async function issuedByServer(): Promise<number> {
    const metric = await server.server.ctx.metrics.tokensIssued.get();
    return metric.values
      .filter((value) => value.labels.grant_type === 'client_credentials')
      .reduce((sum, value) => sum + value.value, 0);
  }

  const options = () => ({
    authBaseUri: server.authBaseUri,
    clientId: server.clientId,
    clientSecret: server.clientSecret,
  });

  it('1 000 concurrent getToken() calls make exactly one token request', async () => {
    const counter = countingFetch();
    const provider = createTokenProvider({ ...options(), fetch: counter.fetch, now: () => clock });
    const before = await issuedByServer();
    const tokens = await Promise.all(Array.from({ length: 1000 }, () => provider.getToken()));
    expect(counter.tokenRequests).toBe(1);
    expect(await issuedByServer()).toBe(before + 1);
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    const token = tokens[0];
    expect(token?.tokenType).toBe('Bearer');
    expect(token?.restInstanceUrl).toBe(server.restBaseUri);
    expect(token?.soapInstanceUrl).toBe(server.soapBaseUri);
    expect(token?.scope).toEqual(['data_extensions_read', 'data_extensions_write']);
    expect(token?.expiresAt).toBe(clock + 1079_000);
  });

  it('expiry with an injected clock: cached until expires_in minus the margin, then renewed', async () => {
    const counter = countingFetch();
    const provider = createTokenProvider({
      ...options(),
      fetch: counter.fetch,
      now: () => clock,
      backgroundRefresh: 'off',
    });
    const first = await provider.getToken();
    clock += (1079 - 31) * 1000;
    expect((await provider.getToken()).accessToken).toBe(first.accessToken);
    clock += 2000;
    const second = await provider.getToken();
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.expiresAt).toBe(clock + 1079_000);
    expect(counter.tokenRequests).toBe(2);
  });

  it('requests a subset of scopes and an empty scope set', async () => {
    const read = await createTokenProvider({
      ...options(),
      scope: ['data_extensions_read'],
      now: () => clock,
    }).getToken();
    expect(read.scope).toEqual(['data_extensions_read']);
    const none = await createTokenProvider({ ...options(), scope: [], now: () => clock }).getToken();
    expect(none.scope).toEqual([]);
  });

  it('a mangled secret → InvalidClientError whose hint says copy it again; a wrong one names id/secret and the Access tab; neither in the error', async () => {
    const wrong = `${server.clientSecret.slice(0, -4)}0000`;
    const error = await createTokenProvider({ ...options(), clientSecret: wrong })
      .getToken()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidClientError);
    expect((error as InvalidClientError).status).toBe(401);
    expect((error as InvalidClientError).hint).toMatch(/checksum does not match\): copy it again/);
    const other = 'not-the-secret-at-all-0123456789';
    const wrongError = await createTokenProvider({ ...options(), clientSecret: other })
      .getToken()
      .catch((e: unknown) => e);
    expect(wrongError).toBeInstanceOf(InvalidClientError);
    expect((wrongError as InvalidClientError).hint).toMatch(/client id and client secret.*Access tab/);
    expect((wrongError as Error).message).not.toContain(other);
    expect(JSON.stringify({ m: (error as Error).message, ...(error as object) })).not.toContain(wrong);
  });

  it('a scope not on the integration → InvalidScopeError', async () => {
    const error = await createTokenProvider({ ...options(), scope: ['email_send'] })
      .getToken()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidScopeError);
  });

  it('a business unit without access → a typed 401 error pointing at the Access tab', async () => {
    const bu = await server.admin('POST', `/tenants/${server.subdomain}/business-units`, {
      name: 'No access BU',
    });
    expect(bu.status).toBe(201);
    const error = (await createTokenProvider({ ...options(), accountId: bu.body.mid })
      .getToken()
      .catch((e: unknown) => e)) as PackgateClientError;
    expect(error).toBeInstanceOf(PackgateClientError);
    expect(['ERR_UNAUTHORIZED_CLIENT', 'ERR_INVALID_CLIENT']).toContain(error.code);
    expect(error.hint).toMatch(/Access tab/);
  });

  it('form body dialect and the generic RFC 6749 dialect with RFC 8414 discovery both get tokens', async () => {
    const form = createTokenProvider({
      ...options(),
      dialect: createMarketingCloudDialect({ bodyFormat: 'form' }),
    });
    expect((await form.getToken()).restInstanceUrl).toBe(server.restBaseUri);
    const generic = createTokenProvider({ ...options(), dialect: createRfc6749Dialect(), now: () => clock });
    const token = await generic.getToken();
    expect(token.accessToken.split('.')).toHaveLength(3);
    expect(token.scope).toEqual(['data_extensions_read', 'data_extensions_write']);
  });

  it('an invalid cached token on a REST call triggers one refresh and a successful retry', async () => {
    const counter = countingFetch();
    const cache = new MemoryTokenCache(() => clock);
    const provider = createTokenProvider({ ...options(), fetch: counter.fetch, cache, now: () => clock });
    await cache.set(
      provider.cacheKey,
      {
        obtainedAt: clock,
        token: {
          accessToken: 'not-a-valid-token',
          tokenType: 'Bearer',
          expiresAt: clock + 1079_000,
          scope: [],
          restInstanceUrl: server.restBaseUri,
          soapInstanceUrl: server.soapBaseUri,
        },
      },
      1079_000,
    );
    const rest = createRestClient({ tokenSource: provider, fetch: counter.fetch });
    const context2 = await rest.request<{ organization: { id: number } }>('platform/v1/tokenContext');
    expect(context2.organization.id).toBe(server.eid);
    expect(counter.tokenRequests).toBe(1);
  });

  it('a token revoked through v2/revoke (RFC 7009) triggers exactly one refresh and a successful retry', async () => {
    const counter = countingFetch();
    const provider = createTokenProvider({ ...options(), fetch: counter.fetch, now: () => clock });
    const revoked = await provider.getToken();
    expect(counter.tokenRequests).toBe(1);
    const tokenContext = `${server.restBaseUri}platform/v1/tokenContext`;
    const bearer = (accessToken: string) => ({ headers: { authorization: `Bearer ${accessToken}` } });
    expect((await fetch(tokenContext, bearer(revoked.accessToken))).status).toBe(200);

    const revocation = await fetch(`${server.authBaseUri}v2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: revoked.accessToken,
        token_type_hint: 'access_token',
        client_id: server.clientId,
        client_secret: server.clientSecret,
      }).toString(),
    });
    expect(revocation.status).toBe(200);
    const rejected = await fetch(tokenContext, bearer(revoked.accessToken));
    expect(rejected.status).toBe(401);
    expect(rejected.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);

    const rest = createRestClient({ tokenSource: provider, fetch: counter.fetch });
    const context = await rest.request<{ organization: { id: number } }>('platform/v1/tokenContext');
    expect(context.organization.id).toBe(server.eid);
    expect(counter.tokenRequests).toBe(2);
    const renewed = await provider.getToken();
    expect(renewed.accessToken).not.toBe(revoked.accessToken);
    expect((await fetch(tokenContext, bearer(renewed.accessToken))).status).toBe(200);
    // The retry used the new token and the provider keeps it: no further token request.
    expect(counter.tokenRequests).toBe(2);
  });

  it('SOAP: a token expired on the server clock → "Token Expired" fault, one refresh and a successful retry', async () => {
    const counter = countingFetch();
    // The SDK's clock stays behind the server's, so the SDK still believes its cached token is valid.
    let sdkClock = clock;
    const provider = createTokenProvider({
      ...options(),
      fetch: counter.fetch,
      now: () => sdkClock,
      backgroundRefresh: 'off',
    });
    const expired = await provider.getToken();
    const soapCalls: string[] = [];
    const soapFetch: typeof counter.fetch = async (input, init) => {
      const response = await counter.fetch(input, init);
      if (String(input).endsWith('/Service.asmx')) {
        soapCalls.push(`${response.status} ${await response.clone().text()}`);
      }
      return response;
    };
    const soap = createSoapClient({ tokenSource: provider, fetch: soapFetch });
    clock += 1200_000 + 1000;
    const { status, body } = await soap.call('Retrieve', RETRIEVE_DATA_EXTENSIONS);
    expect(status).toBe(200);
    expect(body).toMatch(/<OverallStatus>OK<\/OverallStatus>/);
    expect(counter.tokenRequests).toBe(2);
    expect(soapCalls).toHaveLength(2);
    // What the server said first: SOAP 1.1 fault on HTTP 500, q0:Security / Token Expired (sfmc-auth.md §6.3).
    expect(soapCalls[0]).toMatch(/^500 /);
    expect(soapCalls[0]).toMatch(/<faultcode[^>]*>q0:Security<\/faultcode>/);
    expect(soapCalls[0]).toMatch(/<faultstring>Token Expired<\/faultstring>/);
    expect((await provider.getToken()).accessToken).not.toBe(expired.accessToken);
    sdkClock = clock;
  });

  it('SOAP: a second "Token Expired" after the refresh is not retried again → SoapFaultError', async () => {
    const counter = countingFetch();
    let expireEachToken = false;
    // Once armed, every token the server issues is already expired for the SOAP call that follows it.
    const expiring: typeof counter.fetch = async (input, init) => {
      const response = await counter.fetch(input, init);
      if (expireEachToken && String(input).endsWith('/v2/token')) clock += 1200_000 + 1000;
      return response;
    };
    const sdkClock = clock;
    const provider = createTokenProvider({
      ...options(),
      fetch: expiring,
      now: () => sdkClock,
      backgroundRefresh: 'off',
    });
    await provider.getToken();
    expireEachToken = true;
    clock += 1200_000 + 1000;
    const soap = createSoapClient({ tokenSource: provider, fetch: counter.fetch });
    const error = await soap.call('Retrieve', RETRIEVE_DATA_EXTENSIONS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SoapFaultError);
    expect((error as SoapFaultError).status).toBe(500);
    expect((error as Error).message).toMatch(/Token Expired/);
    expect(counter.tokenRequests).toBe(2);
  });
  it('403 for a missing scope is not retried → InsufficientScopeError: add the scope, wait up to 5 minutes, new token', async () => {
    const counter = countingFetch();
    const provider = createTokenProvider({
      ...options(),
      scope: ['data_extensions_read'],
      fetch: counter.fetch,
      now: () => clock,
    });
    const rest = createRestClient({ tokenSource: provider, fetch: counter.fetch });
    const error = (await rest
      .request('hub/v1/dataevents/key:Orders/rowset', { method: 'POST', json: [] })
      .catch((e: unknown) => e)) as InsufficientScopeError;
    expect(error).toBeInstanceOf(InsufficientScopeError);
    expect(error).toMatchObject({ code: 'ERR_INSUFFICIENT_SCOPE', status: 403, errorcode: 20002 });
    expect(error.hint).toMatch(/wait up to 5 minutes/);
    expect(error.hint).toMatch(/request a new token/);
    expect(counter.tokenRequests).toBe(1);
    const token = await provider.getToken();
    expect(JSON.stringify({ m: error.message, ...error })).not.toContain(token.accessToken);
  });

  it('an expired client secret (181 days on the server clock) → SecretExpiredError telling to rotate it', async () => {
    const saved = clock;
    clock += 181 * 86_400_000;
    try {
      const error = (await createTokenProvider({ ...options(), now: () => clock })
        .getToken()
        .catch((e: unknown) => e)) as SecretExpiredError;
      expect(error).toBeInstanceOf(SecretExpiredError);
      expect(error).toMatchObject({ code: 'ERR_SECRET_EXPIRED', oauthError: 'invalid_client' });
      expect(error.hint).toMatch(/rotate/);
      expect(JSON.stringify({ m: error.message, ...error })).not.toContain(server.clientSecret);
    } finally {
      clock = saved;
    }
  });
});
