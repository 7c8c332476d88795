import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { manualClock } from '../support/fixtures.js';

/** `GET /admin/v1/signing-keys`, `POST /admin/v1/signing-keys/rotate` (operator key). */
describe('signing keys in the admin API', () => {
  let s: TestServer;
  const clock = manualClock();
  beforeAll(async () => {
    s = await startTestServer({ now: clock.now, settings: { propagationSeconds: '300' } });
  });
  afterAll(() => s?.close());

  it('lists the keys without any private part, and rotates: 201 for a new key, 200 while one waits', async () => {
    const before = await s.admin('GET', '/signing-keys');
    expect(before.status).toBe(200);
    expect(before.body.items).toHaveLength(1);
    expect(before.body.items[0]).toMatchObject({ alg: 'EdDSA', generation: 1, status: 'signing' });
    expect(JSON.stringify(before.body)).not.toMatch(/"d"|privateJwk|private/);

    const rotated = await s.admin('POST', '/signing-keys/rotate');
    expect(rotated.status).toBe(201);
    expect(rotated.body).toMatchObject({
      created: true,
      key: {
        generation: 2,
        status: 'next',
        createdAt: new Date(clock.now()).toISOString(),
        activatesAt: new Date(clock.now() + 300_000).toISOString(),
      },
    });
    const again = await s.admin('POST', '/signing-keys/rotate');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, key: { kid: rotated.body.key.kid } });

    clock.advanceSeconds(300);
    const after = await s.admin('GET', '/signing-keys');
    const unpublishAt = new Date(clock.now() + (1200 + 300) * 1000).toISOString();
    expect(after.body.items.map((k: { status: string }) => k.status)).toEqual(['retiring', 'signing']);
    expect(after.body.items[0]).toMatchObject({
      supersededAt: new Date(clock.now()).toISOString(),
      unpublishAt,
    });

    const audit = await s.admin('GET', '/audit-events?limit=5');
    expect(audit.body.items[0]).toMatchObject({
      actor: 'operator',
      action: 'signing_key.created',
      target: rotated.body.key.kid,
    });
  });

  it('refuses both without the operator key (admin error shape)', async () => {
    for (const [method, path] of [
      ['GET', '/signing-keys'],
      ['POST', '/signing-keys/rotate'],
    ] as const) {
      const res = await fetch(`${s.baseUrl}/admin/v1${path}`, {
        method,
        headers: { authorization: 'Bearer wrong-key-wrong-key-wrong-key-wrong' },
      });
      expect(res.status).toBe(401);
      const body = await res.json();
      expect(typeof body.error).toBe('string');
      expect(typeof body.message).toBe('string');
    }
    expect((await s.admin('GET', '/signing-keys')).body.items).toHaveLength(2);
  });

  it('rotate with a malformed JSON body is a 400 in the admin error shape, never 500', async () => {
    const res = await fetch(`${s.baseUrl}/admin/v1/signing-keys/rotate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.adminKey}`, 'content-type': 'application/json' },
      body: '{"kid":"mine"',
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBeTypeOf('string');
  });
});
