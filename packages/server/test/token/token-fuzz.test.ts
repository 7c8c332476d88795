import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';

/** Small seeded PRNG (mulberry32): the same inputs on every run, so a failure reproduces. */
function prng(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  return { next, int, pick };
}

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A raw HTTP request: any method, path, headers and bytes (fetch would normalise some of them). */
function send(base: string, method: string, path: string, headers: Record<string, string>, body?: Buffer) {
  const { hostname, port } = new URL(base);
  return new Promise<RawAnswer>((resolve, reject) => {
    const req = httpRequest({ hostname, port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        text += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe.each(BACKENDS)('token endpoint under random input (PRODUCT.md §10: no 5xx) on $name', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(backend.serverOptions());
  });
  afterAll(async () => {
    await s?.close();
    await backend.cleanup();
  });

  it('500 seeded requests: every answer is a 4xx or 200 in the OAuth shape, never a 5xx or a secret', async () => {
    const r = prng(20261130);
    const names = [
      'grant_type',
      'client_id',
      'client_secret',
      'scope',
      'account_id',
      'code',
      'redirect_uri',
      'refresh_token',
      'code_verifier',
      'client_assertion',
      'client_assertion_type',
      '__proto__',
      'constructor',
      'toString',
      '',
    ];
    const values = (): unknown =>
      r.pick<() => unknown>([
        () => 'client_credentials',
        () => r.pick(['authorization_code', 'refresh_token', 'password', '', ' client_credentials']),
        () => s.clientId,
        () => s.clientSecret,
        () => s.clientSecret.slice(0, r.int(64)),
        () => `SFMC_${'A'.repeat(r.int(80))}`,
        () => r.pick(['data_extensions_read', '', ' ', 'email_read data_extensions_read', 'x'.repeat(5000)]),
        () => r.pick([String(s.eid), '-1', '1e3', '0x10', '９９', 'NaN', '99999999999999999999']),
        () => r.int(2 ** 31) * (r.next() < 0.5 ? -1 : 1),
        () => r.next(),
        () => null,
        () => r.next() < 0.5,
        () => [values()],
        () => ({ nested: values() }),
        () => String.fromCharCode(...Array.from({ length: r.int(20) }, () => r.int(0xd800))),
      ])();
    const jsonBody = () => {
      const obj: Record<string, unknown> = {};
      for (let i = r.int(7); i > 0; i--) obj[r.pick(names)] = values();
      const text = JSON.stringify(obj);
      return r.next() < 0.15 ? text.slice(0, r.int(text.length)) : text;
    };
    const formBody = () =>
      Array.from({ length: r.int(7) }, () => {
        const v = values();
        const value = typeof v === 'string' ? v : JSON.stringify(v);
        return `${encodeURIComponent(r.pick(names))}=${r.next() < 0.1 ? '%E0%A4%A' : encodeURIComponent(String(value))}`;
      }).join('&');
    const randomBytes = () => Buffer.from(Array.from({ length: r.int(300) }, () => r.int(256)));
    const basic = () =>
      r.pick([
        () => `Basic ${Buffer.from(`${s.clientId}:${s.clientSecret}`).toString('base64')}`,
        () => `Basic ${Buffer.from(`${r.pick(['', ':', s.clientId])}:${values()}`).toString('base64')}`,
        () => `Basic ${'!'.repeat(r.int(10))}`,
        () => 'Bearer abc',
        () => `Basic ${Buffer.from('%zz:%zz').toString('base64')}`,
      ])();
    const paths = [
      `/${s.subdomain}/auth/v2/token`,
      `/${s.subdomain}/auth//v2/token`,
      `/${s.subdomain.toUpperCase()}/auth/v2/token`,
      `/mc${'0'.repeat(26)}/auth/v2/token`,
      `/${s.subdomain}/auth/v2/token?grant_type=client_credentials`,
      `/%2e%2e/auth/v2/token`,
      `/${s.subdomain}/auth/v2/token%00`,
    ];

    /** A valid request with one or two parameters dropped, replaced or added: reaches the later steps. */
    const nearlyValid = (): { body: string; contentType: string } => {
      const params: Record<string, unknown> = {
        grant_type: 'client_credentials',
        client_id: s.clientId,
        client_secret: s.clientSecret,
      };
      for (let n = r.int(3); n > 0; n--) {
        const name = r.pick(names);
        if (r.next() < 0.3) delete params[name];
        else params[name] = values();
      }
      if (r.next() < 0.5) return { body: JSON.stringify(params), contentType: 'application/json' };
      const form = Object.entries(params)
        .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
        .join('&');
      return { body: form, contentType: 'application/x-www-form-urlencoded' };
    };

    const statuses = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const kind = r.int(6);
      const valid = kind >= 4 ? nearlyValid() : undefined;
      const body =
        valid?.body ??
        (kind === 0 ? jsonBody() : kind === 1 ? formBody() : kind === 2 ? randomBytes() : undefined);
      const headers: Record<string, string> = {};
      const contentType =
        valid?.contentType ??
        r.pick([
          'application/json',
          'application/x-www-form-urlencoded',
          'application/json; charset=utf-8',
          'APPLICATION/JSON',
          'text/plain',
          'multipart/form-data; boundary=x',
          'application/json;;;',
          '',
        ]);
      if (contentType) headers['content-type'] = contentType;
      if (r.next() < 0.3) headers.authorization = basic();
      const path = valid && r.next() < 0.8 ? (paths[0] as string) : r.pick(paths);
      const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
      const res = await send(s.baseUrl, valid || r.next() < 0.95 ? 'POST' : 'PUT', path, headers, payload);
      const context = `#${i} ${path} ${contentType} ${payload?.toString('latin1').slice(0, 200)}`;
      expect(res.status, context).toBeLessThan(500);
      statuses.add(res.status);
      const answer = JSON.parse(res.text);
      if (res.status !== 200 && answer.error_description !== undefined) {
        // an OAuth error (RFC 6749 §5.2) from the token endpoint itself
        expect(typeof answer.error, context).toBe('string');
        expect(res.headers['cache-control'], context).toBe('no-store');
      } else if (res.status !== 200) {
        // not the token endpoint (another path or method): a plain 4xx in JSON
        expect(res.status, context).toBeGreaterThanOrEqual(400);
        expect(typeof (answer.error ?? answer.message), context).toBe('string');
      }
      expect(res.text, context).not.toContain(s.clientSecret);
      expect(res.text, context).not.toMatch(/\bat .+\.(ts|js):\d+/);
    }
    // the inputs reach every stage: successes, bad requests and failed client authentication
    expect([...statuses].sort()).toEqual(expect.arrayContaining([200, 400, 401]));
  });
});
