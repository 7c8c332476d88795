import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED_PATHS } from '../../src/observability/logger.js';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';
import { manualClock } from '../support/fixtures.js';
import { expectOAuthError, post } from '../support/oauth-assertions.js';

/** Collects every log line the server writes, to prove no secret reaches the logs. */
function memoryLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const logger = pino({ level: 'trace', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, stream);
  return { logger, text: () => lines.join('') };
}

describe.each(BACKENDS)('token endpoint: bad input on $name', (backend) => {
  const clock = manualClock();
  const logs = memoryLogger();
  let s: TestServer;
  let other: TestServer;
  let url: string;
  const good = () => ({
    grant_type: 'client_credentials',
    client_id: s.clientId,
    client_secret: s.clientSecret,
  });

  beforeAll(async () => {
    s = await startTestServer({ ...backend.serverOptions(), now: clock.now, logger: logs.logger });
    other = await startTestServer({ ...backend.serverOptions(), now: clock.now });
    url = `${s.authBaseUri}v2/token`;
  });
  afterAll(async () => {
    await s?.close();
    await other?.close();
    await backend.cleanup();
  });

  it('malformed JSON → 400 invalid_request', async () => {
    const res = await post(url, '{"grant_type": "client_credentials",', { contentType: 'application/json' });
    expectOAuthError(res, 'invalid_request', 400, /JSON/);
  });

  it('a JSON array or scalar body → 400 invalid_request', async () => {
    expectOAuthError(await post(url, '[1,2]', { contentType: 'application/json' }), 'invalid_request', 400);
    expectOAuthError(await post(url, '"x"', { contentType: 'application/json' }), 'invalid_request', 400);
  });

  it('a parameter of the wrong JSON type → 400 invalid_request naming it', async () => {
    const res = await post(url, { ...good(), scope: ['data_extensions_read'] });
    expectOAuthError(res, 'invalid_request', 400, /"scope"/);
  });

  it('wrong content type → 400 invalid_request', async () => {
    const res = await post(url, 'grant_type=client_credentials', { contentType: 'text/plain' });
    expectOAuthError(res, 'invalid_request', 400, /Content-Type/);
    const xml = await post(url, '<a/>', { contentType: 'application/xml' });
    expectOAuthError(xml, 'invalid_request', 400);
  });

  it('no body at all → 400 invalid_request (grant_type missing)', async () => {
    const res = await post(url, undefined);
    expectOAuthError(res, 'invalid_request', 400, /grant_type/);
  });

  it('oversized body (> 64 KiB) → 413 invalid_request, JSON and form', async () => {
    const big = 'x'.repeat(70 * 1024);
    expectOAuthError(await post(url, { ...good(), scope: big }), 'invalid_request', 413);
    expectOAuthError(await post(url, `grant_type=client_credentials&scope=${big}`), 'invalid_request', 413);
  });

  it('missing grant_type → 400 invalid_request', async () => {
    const { grant_type: _, ...rest } = good();
    expectOAuthError(await post(url, rest), 'invalid_request', 400, /grant_type/);
  });

  it('duplicate form parameters → 400 invalid_request', async () => {
    const body = `grant_type=client_credentials&client_id=${s.clientId}&client_id=${s.clientId}&client_secret=${s.clientSecret}`;
    expectOAuthError(await post(url, body), 'invalid_request', 400, /more than once/);
  });

  it('duplicate JSON members → 400 invalid_request (JSON.parse would keep the last)', async () => {
    const body = `{"grant_type":"client_credentials","client_id":"${s.clientId}","client_secret":"${s.clientSecret}","client_id":"${other.clientId}"}`;
    const res = await post(url, body, { contentType: 'application/json' });
    expectOAuthError(res, 'invalid_request', 400, /"client_id" is included more than once/);
  });

  it('unknown grant → 400 unsupported_grant_type', async () => {
    const res = await post(url, { ...good(), grant_type: 'password' });
    expectOAuthError(res, 'unsupported_grant_type', 400, /client_credentials/);
  });

  it('no credentials → 401 invalid_client', async () => {
    expectOAuthError(await post(url, { grant_type: 'client_credentials' }), 'invalid_client', 401);
  });

  it('both Basic and body secret → 400 invalid_request', async () => {
    const basic = `Basic ${Buffer.from(`${s.clientId}:${s.clientSecret}`).toString('base64')}`;
    const res = await post(url, good(), { headers: { authorization: basic } });
    expectOAuthError(res, 'invalid_request', 400, /one client authentication method/);
  });

  it('client_assertion → 400 invalid_request', async () => {
    const res = await post(url, {
      grant_type: 'client_credentials',
      client_id: s.clientId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: 'eyJ.x.y',
    });
    expectOAuthError(res, 'invalid_request', 400, /client_assertion/);
  });

  it('malformed Basic header → 400 invalid_request', async () => {
    const res = await post(
      url,
      { grant_type: 'client_credentials' },
      { headers: { authorization: 'Basic !!!' } },
    );
    expectOAuthError(res, 'invalid_request', 400);
  });

  it('unknown client → 401 invalid_client with Marketing Cloud wording', async () => {
    const res = await post(url, { ...good(), client_id: 'abcdefghijklmnopqrstuvwx' });
    expectOAuthError(res, 'invalid_client', 401, /Invalid client ID/);
  });

  it('wrong secret → 401 invalid_client; Basic gets a Basic challenge', async () => {
    const wrong = { ...good(), client_secret: 'nope' };
    expectOAuthError(await post(url, wrong), 'invalid_client', 401, /Client authentication failed/);
    const basic = `Basic ${Buffer.from(`${s.clientId}:nope`).toString('base64')}`;
    const res = await post(url, { grant_type: 'client_credentials' }, { headers: { authorization: basic } });
    expectOAuthError(res, 'invalid_client', 401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
  });

  it('secret of another client → 401 invalid_client', async () => {
    const res = await post(url, { ...good(), client_secret: other.clientSecret });
    expectOAuthError(res, 'invalid_client', 401, /Client authentication failed/);
  });

  it('secret with a broken checksum → 401 invalid_client naming the checksum', async () => {
    const secret = s.clientSecret;
    const last = secret.at(-1) === '0' ? '1' : '0';
    const res = await post(url, { ...good(), client_secret: secret.slice(0, -1) + last });
    expectOAuthError(res, 'invalid_client', 401, /checksum/);
  });

  it("a tenant's client at another tenant's auth base URI → 401 invalid_client", async () => {
    const res = await post(`${other.authBaseUri}v2/token`, good());
    expectOAuthError(res, 'invalid_client', 401);
  });

  it('an unknown tenant subdomain → 404 with an OAuth body', async () => {
    const res = await post(`${s.baseUrl}/mc000000000000000000000000zz/auth/v2/token`, good());
    expectOAuthError(res, 'invalid_request', 404, /subdomain/);
  });

  it('expired secret → 401 invalid_client naming expiry', async () => {
    const clockLocal = manualClock();
    const short = await startTestServer({
      ...backend.serverOptions(),
      now: clockLocal.now,
      settings: { secretTtlSeconds: '60' },
    });
    try {
      const body = {
        grant_type: 'client_credentials',
        client_id: short.clientId,
        client_secret: short.clientSecret,
      };
      expect((await post(`${short.authBaseUri}v2/token`, body)).status).toBe(200);
      clockLocal.advanceSeconds(61);
      expectOAuthError(await post(`${short.authBaseUri}v2/token`, body), 'invalid_client', 401, /expired/);
    } finally {
      await short.close();
    }
  });

  it('never logs a secret or a token, and no input produced a 5xx', async () => {
    const token = (await post(url, good())).body.access_token as string;
    const text = logs.text();
    expect(text).not.toContain(s.clientSecret);
    expect(text).not.toContain(token);
    expect(text).not.toContain(other.clientSecret);
    expect(text).not.toMatch(/"statusCode":5\d\d/);
  });
});
