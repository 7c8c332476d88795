import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';

/**
 * Connects, sends `head`, then one more byte of `trickle` every 100 ms until the server ends
 * the connection; resolves with everything the server sent.
 */
function trickle(url: string, head: string, trickleText: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let received = '';
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < trickleText.length && socket.writable) socket.write(trickleText[sent++] as string);
    }, 100);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      clearInterval(timer);
      resolve(received);
    });
    socket.write(head);
  });
}

describe('request, headers and keep-alive timeouts apply to the server Packgate listens with', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({
      settings: { requestTimeoutSeconds: '2', headersTimeoutSeconds: '1', keepAliveTimeoutSeconds: '3' },
    });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('the settings reach node:http', () => {
    const server = s.server.app.server;
    expect(server.requestTimeout).toBe(2000);
    expect(server.headersTimeout).toBe(1000);
    expect(server.keepAliveTimeout).toBe(3000);
  });

  it('a body trickled a byte at a time is ended with 408 (PACKGATE_REQUEST_TIMEOUT_SECONDS)', async () => {
    const path = `${new URL(s.authBaseUri).pathname}v2/token`;
    const answer = await trickle(
      s.baseUrl,
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n`,
      'x'.repeat(100_000),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  }, 20_000);

  it('headers trickled a byte at a time are ended with 408 (PACKGATE_HEADERS_TIMEOUT_SECONDS)', async () => {
    const answer = await trickle(
      s.baseUrl,
      'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n',
      `X-Slow: ${'y'.repeat(10_000)}`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  }, 20_000);

  it('the same on a REST route served by Fastify', async () => {
    const path = `${new URL(s.restBaseUri).pathname}hub/v1/dataevents/key:X/rowset`;
    const answer = await trickle(
      s.baseUrl,
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n`,
      'x'.repeat(100_000),
    );
    // Either the 401 for the bad token (answered before the body) or the 408: never left open.
    expect(answer).toMatch(/^HTTP\/1\.1 (401|408) /);
  }, 20_000);
});
