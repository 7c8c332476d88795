import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../resources/resource-helpers.js';
import { type ServedProcess, serveDist } from '../support/serve-process.js';

/**
 * How many times each oversized request is sent, all at once: every one must be answered, not
 * reset. The server runs in its own process, as in production: in the test's own process the
 * client never races the server's answer (before the fix, 10–40 of 50 here ended in EPIPE).
 */
const TRIES = 50;
const MIB = 1024 * 1024;

interface Answer {
  status: number;
  text: string;
}

/** Posts `body` as fetch does (Content-Length), or chunked from a stream (no length up front). */
async function post(
  url: string,
  body: Buffer,
  headers: Record<string, string>,
  chunked: boolean,
): Promise<Answer> {
  const init: RequestInit & { duplex?: 'half' } = chunked
    ? {
        method: 'POST',
        headers,
        duplex: 'half',
        body: new ReadableStream({
          start(controller) {
            for (let offset = 0; offset < body.length; offset += 64 * 1024) {
              controller.enqueue(body.subarray(offset, offset + 64 * 1024));
            }
            controller.close();
          },
        }),
      }
    : { method: 'POST', headers, body };
  const res = await fetch(url, init);
  return { status: res.status, text: await res.text() };
}

/** Sends the request TRIES times at once; a reset or EPIPE rejects fetch and fails the test. */
function sendAll(send: () => Promise<Answer>): Promise<Answer[]> {
  return Promise.all(Array.from({ length: TRIES }, send));
}

function expectOAuth413(answer: Answer): void {
  expect(answer.status, answer.text).toBe(413);
  const body = JSON.parse(answer.text);
  expect(body.error).toBe('invalid_request');
  expect(body.error_description).toMatch(/too large/);
}

describe('an oversized body gets a readable 413 in its surface’s shape, never a dropped connection', () => {
  let s: ServedProcess;
  let token: string;
  const json = { 'content-type': 'application/json' };
  beforeAll(async () => {
    s = await serveDist();
    token = await s.token();
    const created = await s.admin('POST', `/tenants/${s.subdomain}/data-extensions`, {
      mid: s.eid,
      name: 'Big',
      key: 'Big',
      fields: [
        { name: 'Id', type: 'Number', isPrimaryKey: true },
        { name: 'Note', type: 'Text' },
      ],
    });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await s?.kill();
  });

  // Large enough that the client is still sending when the answer is decided; under the
  // 16 MiB read-and-discard bound.
  const eightMiB = Buffer.alloc(8 * MIB, 'a');
  const twelveMiB = Buffer.alloc(12 * MIB, 'a');

  it.each([
    ['token (fast path)', 'v2/token', [false, true]],
    ['revoke', 'v2/revoke', [false]],
    ['introspect', 'v2/introspect', [false]],
  ])('%s: 50 of 50 tries of 8 MiB see 413 invalid_request (chunked: %o)', async (_name, path, modes) => {
    const url = `${s.info.authBaseUri}${path}`;
    for (const chunked of modes) {
      for (const answer of await sendAll(() => post(url, eightMiB, json, chunked))) expectOAuth413(answer);
    }
  });

  it('REST: 50 of 50 rowsets of 12 MiB, with Content-Length and chunked, see 413 / 10000', async () => {
    const url = `${s.info.restBaseUri}hub/v1/dataevents/key:Big/rowset`;
    const headers = { ...json, authorization: `Bearer ${token}` };
    for (const chunked of [false, true]) {
      for (const answer of await sendAll(() => post(url, twelveMiB, headers, chunked))) {
        expect(answer.status, answer.text).toBe(413);
        const body = JSON.parse(answer.text);
        expect(body).toMatchObject({ errorcode: 10000, message: expect.stringMatching(/5 MB/) });
        expect(body.documentation).toEqual(expect.any(String));
      }
    }
  });

  it('SOAP: 50 of 50 envelopes of 12 MiB see a soap:Client fault naming the 5 MB limit', async () => {
    const url = `${s.info.soapBaseUri}Service.asmx`;
    const headers = { 'content-type': 'text/xml', fueloauth: token };
    for (const answer of await sendAll(() => post(url, twelveMiB, headers, false))) {
      // SOAP 1.1 §6.2: a fault travels on HTTP 500 (sfmc-auth.md §6.3).
      expect(answer.status, answer.text).toBe(500);
      expect(answer.text).toMatch(/<faultcode>soap:Client<\/faultcode>/);
      expect(answer.text).toMatch(/larger than 5 MB/);
    }
  });

  it('admin: 50 of 50 bodies of 8 MiB see 413 payload_too_large', async () => {
    const url = `${s.info.url}/admin/v1/tenants/${s.subdomain}/business-units`;
    const headers = { ...json, authorization: `Bearer ${s.info.adminKey}` };
    for (const answer of await sendAll(() => post(url, eightMiB, headers, false))) {
      expect(answer.status, answer.text).toBe(413);
      expect(JSON.parse(answer.text)).toMatchObject({
        error: 'payload_too_large',
        message: expect.any(String),
      });
    }
  });

  it('a body declared larger than the 16 MiB discard bound is answered at once, with Connection: close', async () => {
    const url = new URL(`${s.info.authBaseUri}v2/token`);
    const answer = await new Promise<{ status: number; connection: string | undefined; body: string }>(
      (resolve, reject) => {
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            method: 'POST',
            path: url.pathname,
            headers: { 'content-type': 'application/json', 'content-length': String(64 * MIB) },
          },
          (res) => {
            let body = '';
            res.on('data', (c) => (body += c));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }),
            );
          },
        );
        req.on('error', reject);
        // Only the start of the declared 64 MiB is ever sent: the answer must not wait for the rest.
        req.write('{"grant_type":');
      },
    );
    expect(answer.status).toBe(413);
    expect(answer.connection).toBe('close');
    expect(JSON.parse(answer.body).error).toBe('invalid_request');
  });

  it('a 413 whose body was read to its end keeps the connection open', async () => {
    const first = await call('POST', `${s.info.authBaseUri}v2/token`, { raw: 'a'.repeat(MIB) });
    expect(first.status).toBe(413);
    expect(first.headers.get('connection')).not.toBe('close');
    const next = await call('POST', `${s.info.authBaseUri}v2/token`, {
      body: {
        grant_type: 'client_credentials',
        client_id: s.info.clientId,
        client_secret: s.info.clientSecret,
      },
    });
    expect(next.status).toBe(200);
  });
});
