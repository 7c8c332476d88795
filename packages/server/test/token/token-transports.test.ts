import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';

/**
 * The token endpoint is served by the HTTP server's fast path and by the Fastify route (for
 * `app.inject()`); both must give the same answers (decision 0002).
 */
describe('token endpoint transports', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s?.close();
  });

  const path = () => new URL(`${s.authBaseUri}v2/token`).pathname;

  it('app.inject() reaches the same endpoint, successes and errors alike', async () => {
    const ok = await s.server.app.inject({
      method: 'POST',
      url: path(),
      payload: { grant_type: 'client_credentials', client_id: s.clientId, client_secret: s.clientSecret },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['cache-control']).toBe('no-store');
    expect(ok.json()).toMatchObject({ token_type: 'Bearer', expires_in: 1079 });
    const bad = await s.server.app.inject({
      method: 'POST',
      url: path(),
      payload: 'grant_type=client_credentials&grant_type=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'invalid_request' });
    const media = await s.server.app.inject({
      method: 'POST',
      url: path(),
      payload: 'x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(media.statusCode).toBe(400);
    expect(media.json().error_description).toMatch(/Content-Type/);
  });

  it('a chunked body over 64 KiB (no Content-Length) → 413 invalid_request', async () => {
    const { port } = new URL(s.baseUrl);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: path(),
          headers: { 'content-type': 'application/json' },
        },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      const chunk = 'x'.repeat(16 * 1024);
      for (let i = 0; i < 6; i++) req.write(chunk);
      req.end();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'invalid_request' });
  });

  it('other methods and paths still go to Fastify', async () => {
    const get = await fetch(`${s.authBaseUri}v2/token`);
    expect(get.status).toBe(404);
    const metadata = await fetch(`${s.authBaseUri}.well-known/oauth-authorization-server`);
    expect(metadata.status).toBe(200);
  });
});
