import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';

const HSTS = 'max-age=31536000';
const ANSWERS = [
  'token issued (node:http fast path)',
  'token error (fast path)',
  'token body too large (fast path)',
  'login page',
  'admin 401',
  'REST 401',
  'unknown route',
  'malformed URL',
  'health',
];

/** Every kind of answer: the token fast path (success, error, too large), Fastify routes, 404, framework errors. */
function requests(s: TestServer): Array<[string, () => Promise<Response>]> {
  const token = `${s.baseUrl}/${s.subdomain}/auth/v2/token`;
  const json = { 'content-type': 'application/json' };
  const credentials = {
    grant_type: 'client_credentials',
    client_id: s.clientId,
    client_secret: s.clientSecret,
  };
  return [
    [
      'token issued (node:http fast path)',
      () => fetch(token, { method: 'POST', headers: json, body: JSON.stringify(credentials) }),
    ],
    ['token error (fast path)', () => fetch(token, { method: 'POST', headers: json, body: '{}' })],
    [
      'token body too large (fast path)',
      () => fetch(token, { method: 'POST', headers: json, body: 'x'.repeat(70_000) }),
    ],
    ['login page', () => fetch(`${s.baseUrl}/${s.subdomain}/auth/v2/authorize?response_type=code`)],
    ['admin 401', () => fetch(`${s.baseUrl}/admin/v1/tenants`)],
    ['REST 401', () => fetch(`${s.baseUrl}/${s.subdomain}/rest/platform/v1/endpoints`)],
    ['unknown route', () => fetch(`${s.baseUrl}/nowhere`)],
    ['malformed URL', () => fetch(`${s.baseUrl}/${s.subdomain}/rest/x/%E0%A4%A`)],
    ['health', () => fetch(`${s.baseUrl}/healthz`)],
  ];
}

describe('Strict-Transport-Security on every answer when the public URL is https (RFC 6797)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ settings: { publicUrl: 'https://packgate.example.com' } });
  });
  afterAll(() => s.close());

  it.each(ANSWERS)('%s', async (name) => {
    const send = requests(s).find(([n]) => n === name)?.[1] as () => Promise<Response>;
    const res = await send();
    await res.arrayBuffer();
    expect({ name, hsts: res.headers.get('strict-transport-security') }).toEqual({ name, hsts: HSTS });
  });
});

describe('no Strict-Transport-Security over a plain-http public URL', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  it('neither from the fast path nor from Fastify', async () => {
    const all = requests(s);
    expect(all.map(([name]) => name)).toEqual(ANSWERS);
    for (const [name, send] of all) {
      const res = await send();
      await res.arrayBuffer();
      expect({ name, hsts: res.headers.get('strict-transport-security') }).toEqual({ name, hsts: null });
    }
  });
});
