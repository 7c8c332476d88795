import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_HANDLING_DOC } from '../../src/errors/resource-errors.js';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { call, expectResourceError, soap, soapEnvelope, tokenFor } from '../resources/resource-helpers.js';
import { createServerToServer, manualClock } from '../support/fixtures.js';

const RETRIEVE_DE =
  '<RetrieveRequestMsg xmlns="http://exacttarget.com/wsdl/partnerAPI"><RetrieveRequest>' +
  '<ObjectType>DataExtension</ObjectType><Properties>CustomerKey</Properties></RetrieveRequest></RetrieveRequestMsg>';

describe('resource API rate limit per client id (PACKGATE_REST_RATE_LIMIT_PER_MINUTE, 429 / 50100)', () => {
  const clock = manualClock(); // on a minute boundary: the window ends 60 s later
  let server: TestServer;
  let token: string;
  const endpoints = () => `${server.restBaseUri}platform/v1/endpoints`;

  beforeAll(async () => {
    server = await startTestServer({ now: clock.now, settings: { restRateLimitPerMinute: '3' } });
    token = await tokenFor(server);
  });
  afterAll(() => server.close());

  it('REST: the request over the limit is 429 with Retry-After to the window end; the next window is open', async () => {
    for (let i = 0; i < 3; i++) expect((await call('GET', endpoints(), { token })).status).toBe(200);
    clock.advanceSeconds(15);
    const limited = await call('GET', endpoints(), { token });
    expectResourceError(limited, 429, 50100);
    expect(limited.body).toEqual({
      message: 'Rate limit exceeded',
      errorcode: 50100,
      retryAfter: 45,
      documentation: ERROR_HANDLING_DOC,
    });
    expect(limited.headers.get('retry-after')).toBe('45');

    clock.advanceSeconds(45);
    expect((await call('GET', endpoints(), { token })).status).toBe(200);
  });

  it('requests without a valid token are answered 401 and spend no budget', async () => {
    clock.advanceSeconds(60);
    for (let i = 0; i < 5; i++) {
      expectResourceError(await call('GET', endpoints(), { token: 'not-a-token' }), 401, 0);
      expectResourceError(await call('GET', endpoints()), 401, 0);
    }
    for (let i = 0; i < 3; i++) expect((await call('GET', endpoints(), { token })).status).toBe(200);
    expectResourceError(await call('GET', endpoints(), { token }), 429, 50100);
  });

  it('each client id has a budget of its own', async () => {
    clock.advanceSeconds(60);
    const other = await createServerToServer(server, { scopes: ['data_extensions_read'] });
    const otherToken = await tokenFor(server, { clientId: other.clientId, clientSecret: other.clientSecret });
    for (let i = 0; i < 4; i++) await call('GET', endpoints(), { token });
    expectResourceError(await call('GET', endpoints(), { token }), 429, 50100);
    for (let i = 0; i < 3; i++)
      expect((await call('GET', endpoints(), { token: otherToken })).status).toBe(200);
  });

  it('SOAP shares the budget and answers throttling as an HTTP 500 fault (sfmc-auth.md §9)', async () => {
    clock.advanceSeconds(60);
    const retrieve = () => soap(server, soapEnvelope(token, RETRIEVE_DE));
    for (let i = 0; i < 2; i++) expect((await retrieve()).status).toBe(200);
    expect((await call('GET', endpoints(), { token })).status).toBe(200);
    clock.advanceSeconds(50);
    const limited = await retrieve();
    expect(limited.status, limited.text).toBe(500);
    expect(limited.text).toContain('<faultcode>soap:Server</faultcode>');
    expect(limited.text).toContain('<faultstring>Rate limit exceeded: retry after 10 seconds.</faultstring>');
    expect(limited.headers.get('retry-after')).toBe('10');
    expect(limited.headers.get('content-type')).toMatch(/^text\/xml/);
    expectResourceError(await call('GET', endpoints(), { token }), 429, 50100);

    clock.advanceSeconds(10);
    expect((await retrieve()).status).toBe(200);
  });
});

describe('PACKGATE_REST_RATE_LIMIT_PER_MINUTE=0 turns the resource limit off', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ now: manualClock().now, settings: { restRateLimitPerMinute: '0' } });
  });
  afterAll(() => server.close());

  it('no limiter, and requests beyond any small budget are served', async () => {
    expect(server.server.ctx.rateLimits.resources).toBeUndefined();
    const token = await tokenFor(server);
    for (let i = 0; i < 20; i++) {
      expect((await call('GET', `${server.restBaseUri}platform/v1/endpoints`, { token })).status).toBe(200);
    }
  });
});
