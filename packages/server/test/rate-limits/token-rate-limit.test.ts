import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_HANDLING_DOC } from '../../src/errors/resource-errors.js';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { createServerToServer, manualClock } from '../support/fixtures.js';
import { expectOAuthError, post } from '../support/oauth-assertions.js';

function credentials(clientId: string, clientSecret: string) {
  return { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret };
}

describe('token endpoint rate limit per client id (PACKGATE_TOKEN_RATE_LIMIT_PER_MINUTE, 429 / 50200)', () => {
  const clock = manualClock();
  let server: TestServer;
  let tokenUrl: string;
  let body: ReturnType<typeof credentials>;

  beforeAll(async () => {
    server = await startTestServer({ now: clock.now, settings: { tokenRateLimitPerMinute: '2' } });
    tokenUrl = `${server.authBaseUri}v2/token`;
    body = credentials(server.clientId, server.clientSecret);
  });
  afterAll(() => server.close());

  it('over the limit: 429 in the REST shape Marketing Cloud uses (sfmc-auth.md §6.1), Retry-After to the window end', async () => {
    expect((await post(tokenUrl, body)).status).toBe(200);
    expect((await post(tokenUrl, body)).status).toBe(200);
    clock.advanceSeconds(20);
    const blocked = await post(tokenUrl, body);
    expect(blocked.status).toBe(429);
    expect(blocked.text).toBe(
      JSON.stringify({
        message: 'Your requests are temporarily blocked.',
        errorcode: 50200,
        documentation: ERROR_HANDLING_DOC,
      }),
    );
    expect(blocked.headers.get('retry-after')).toBe('40');
    expect(blocked.headers.get('cache-control')).toBe('no-store');
    expect(blocked.headers.get('content-type')).toBe('application/json; charset=utf-8');

    // The Fastify route (app.inject) gives the same answer as the node:http fast path.
    const injected = await server.server.app.inject({
      method: 'POST',
      url: new URL(tokenUrl).pathname,
      payload: body,
    });
    expect({
      status: injected.statusCode,
      body: injected.body,
      retryAfter: injected.headers['retry-after'],
    }).toEqual({
      status: 429,
      body: blocked.text,
      retryAfter: '40',
    });

    clock.advanceSeconds(40);
    expect((await post(tokenUrl, body)).status).toBe(200);
  });

  it('counts after client authentication: failed attempts neither spend nor hit the budget', async () => {
    clock.advanceSeconds(60);
    for (let i = 0; i < 4; i++) {
      expectOAuthError(
        await post(tokenUrl, credentials(server.clientId, 'wrong-secret')),
        'invalid_client',
        401,
      );
      expectOAuthError(await post(tokenUrl, credentials('unknown-client', 'x')), 'invalid_client', 401);
    }
    expect((await post(tokenUrl, body)).status).toBe(200);
    expect((await post(tokenUrl, body)).status).toBe(200);
    expect((await post(tokenUrl, body)).status).toBe(429);
    // A blocked client with a wrong secret still learns only that its credentials are wrong.
    expectOAuthError(
      await post(tokenUrl, credentials(server.clientId, 'wrong-secret')),
      'invalid_client',
      401,
    );
  });

  it('each client id has a budget of its own', async () => {
    clock.advanceSeconds(60);
    const other = await createServerToServer(server, { scopes: ['data_extensions_read'] });
    for (let i = 0; i < 3; i++) await post(tokenUrl, body);
    expect((await post(tokenUrl, body)).status).toBe(429);
    const otherBody = credentials(other.clientId, other.clientSecret);
    expect((await post(tokenUrl, otherBody)).status).toBe(200);
    expect((await post(tokenUrl, otherBody)).status).toBe(200);
  });
});

describe("PACKGATE_TOKEN_RATE_LIMIT_PER_MINUTE defaults to 0: no limit (Marketing Cloud's is a soft one)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ now: manualClock().now });
  });
  afterAll(() => server.close());

  it('no limiter on the token endpoint, and many requests a minute are served', async () => {
    expect(server.config.tokenRateLimitPerMinute).toBe(0);
    expect(server.server.ctx.rateLimits.token).toBeUndefined();
    const body = credentials(server.clientId, server.clientSecret);
    for (let i = 0; i < 30; i++) expect((await post(`${server.authBaseUri}v2/token`, body)).status).toBe(200);
  });
});
