import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/backends.js';
import { S2S_ID, SECRET, SUB, seed } from './seed-fixture.js';
import { admin, requestToken, seedStore } from './seed-support.js';

describe.each(BACKENDS)('packgate export: seed files round-trip (issue 10 part 4) on $name', (backend) => {
  const a = seedStore(backend);
  const b = seedStore(backend);
  afterAll(async () => {
    a.cleanup();
    b.cleanup();
    await backend.cleanup();
  });

  it('the export of a seeded server seeds an empty server to the same state, credentials included', async () => {
    const first = await a.start(a.writeSeed(seed()));
    let exported: any;
    try {
      // Something made through the admin API, not the file: it is exported too.
      const bu = await admin(first, 'POST', `/tenants/${SUB}/business-units`, { name: 'Made by hand' });
      expect(bu.status).toBe(201);
      const user = await admin(first, 'POST', `/tenants/${SUB}/users`, {
        username: 'hand',
        password: 'typed by an operator',
        businessUnits: [{ mid: bu.body.mid, permissions: ['email_read'] }],
      });
      expect(user.status).toBe(201);
      const res = await fetch(`${first.url}/admin/v1/export`, {
        headers: { authorization: `Bearer ${first.ctx.adminKey}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      exported = await res.json();
      expect(exported.$comment).toMatch(/SHA-256 \(clientSecretSha256\).*scrypt hash \(passwordHash\)/);
      const text = JSON.stringify(exported);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('typed by an operator');
      expect(exported.tenants[0].packages[0].integration.clientSecretSha256).toMatch(/^[0-9a-f]{64}$/);
      // Applying its own export changes nothing.
      const again = await admin(first, 'PUT', '/seed', exported);
      expect(again.status).toBe(200);
      expect(again.body.changes).toEqual([]);
    } finally {
      await first.close();
    }

    const second = await b.start(b.writeSeed(exported));
    try {
      const res = await fetch(`${second.url}/admin/v1/export`, {
        headers: { authorization: `Bearer ${second.ctx.adminKey}` },
      });
      expect(await res.json()).toEqual(exported);
      expect(second.seed?.generatedSecrets).toEqual([]);
      const token = await requestToken(second, SUB, { client_id: S2S_ID, client_secret: SECRET });
      expect(token.status).toBe(200);
      const tenants = await admin(second, 'GET', '/tenants');
      expect(tenants.body.items).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('--secrets omit leaves every secret and password hash out, and says so', async () => {
    const server = await a.start(undefined);
    try {
      const res = await admin(server, 'GET', '/export?secrets=omit');
      expect(res.status).toBe(200);
      expect(res.body.$comment).toContain('left out');
      const text = JSON.stringify(res.body);
      expect(text).not.toContain('clientSecretSha256');
      expect(text).not.toContain('passwordHash');
      expect(text).toContain(S2S_ID);
    } finally {
      await server.close();
    }
  });

  it('bad input: a wrong secrets mode, no operator key, a bad document (400 naming the place)', async () => {
    const server = await a.start(undefined);
    try {
      expect((await admin(server, 'GET', '/export?secrets=plain')).status).toBe(400);
      expect((await admin(server, 'GET', '/export?other=1')).status).toBe(400);
      expect((await fetch(`${server.url}/admin/v1/export`)).status).toBe(401);
      const unauth = await fetch(`${server.url}/admin/v1/seed`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(unauth.status).toBe(401);
      const doc = seed() as any;
      doc.tenants[0].packages[0].integration.clientId = 'short';
      const bad = await admin(server, 'PUT', '/seed', doc);
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({
        error: 'bad_request',
        field: 'tenants[0].packages[0].integration.clientId',
      });
      expect(bad.body.message).toMatch(/^tenants\[0\]\.packages\[0\]\.integration\.clientId: must match/);
      for (const body of ['null', '[]', '"x"', '{"version":1}']) {
        const res = await fetch(`${server.url}/admin/v1/seed`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${server.ctx.adminKey}`, 'content-type': 'application/json' },
          body,
        });
        expect(res.status, body).toBe(400);
      }
      const conflict = seed() as any;
      conflict.tenants[0].eid = 20000099;
      const refused = await admin(server, 'PUT', '/seed', conflict);
      expect(refused.status).toBe(400);
      expect(refused.body.field).toBe('tenants[0].eid');
    } finally {
      await server.close();
    }
  });
});
