import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';

/** Behind a reverse proxy: the audit log and the admin-key limiter see the client, not the proxy. */
describe('PACKGATE_TRUSTED_PROXIES', () => {
  let s: TestServer | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  const createBu = (server: TestServer, forwardedFor: string, name: string) =>
    fetch(`${server.baseUrl}/admin/v1/tenants/${server.subdomain}/business-units`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${server.adminKey}`,
        'content-type': 'application/json',
        'x-forwarded-for': forwardedFor,
      },
      body: JSON.stringify({ name }),
    });
  const sourceOf = async (server: TestServer, name: string) => {
    const events = (await server.admin('GET', `/tenants/${server.subdomain}/audit-events`)).body.items as {
      action: string;
      sourceIp: string;
      after?: { name?: string };
    }[];
    return events.find((e) => e.action.startsWith('business_unit') && JSON.stringify(e).includes(name))
      ?.sourceIp;
  };

  it('by default a client cannot choose its address with X-Forwarded-For', async () => {
    s = await startTestServer();
    expect((await createBu(s, '203.0.113.9', 'Spoofed')).status).toBe(201);
    expect(await sourceOf(s, 'Spoofed')).toBe('127.0.0.1');
  });

  it('from a trusted proxy, the audit log records the client it forwards for', async () => {
    s = await startTestServer({ settings: { trustedProxies: 'loopback' } });
    expect((await createBu(s, '203.0.113.9', 'Forwarded')).status).toBe(201);
    expect(await sourceOf(s, 'Forwarded')).toBe('203.0.113.9');
  });

  it('wrong operator keys lock out the forwarded client, not everyone behind the proxy', async () => {
    s = await startTestServer({
      settings: { trustedProxies: '127.0.0.1', adminKeyFailuresPerMinute: '2' },
    });
    const server = s;
    const tryKey = (key: string, forwardedFor: string) =>
      fetch(`${server.baseUrl}/admin/v1/tenants`, {
        headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': forwardedFor },
      });
    const wrong = 'x'.repeat(40);
    for (let i = 0; i < 3; i++) await tryKey(wrong, '198.51.100.7');
    expect((await tryKey(server.adminKey, '198.51.100.7')).status).toBe(429);
    expect((await tryKey(server.adminKey, '203.0.113.10')).status).toBe(200);
  });
});
