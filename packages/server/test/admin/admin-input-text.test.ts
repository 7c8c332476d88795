import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.js';
import { BACKENDS } from '../support/backends.js';

describe.each(BACKENDS)('admin API: deep JSON and text no store keeps as sent ($name)', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(backend.serverOptions());
  });
  afterAll(async () => {
    await s?.close();
    await backend.cleanup();
  });

  const post = (path: string, body: string) =>
    s.server.app.inject({
      method: 'POST',
      url: `/admin/v1${path}`,
      headers: { authorization: `Bearer ${s.adminKey}`, 'content-type': 'application/json' },
      payload: body,
    });

  it('JSON nested 5 000 and 30 000 deep (under the body limit) is a 400, not a stack overflow (issue 8, finding 7)', async () => {
    for (const depth of [5_000, 30_000]) {
      const res = await post(
        `/tenants/${s.subdomain}/packages`,
        `{"name":${'['.repeat(depth)}1${']'.repeat(depth)}}`,
      );
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ error: 'bad_request', field: 'name' });
      // with a NUL at the bottom, the walk reaches it
      const nul = await post(
        `/tenants/${s.subdomain}/packages`,
        `{"name":${'['.repeat(depth)}"\\u0000"${']'.repeat(depth)}}`,
      );
      expect(nul.statusCode, nul.body).toBe(400);
      expect(nul.json().message).toBe(`name${'[0]'.repeat(depth)}: must not contain a NUL character`);
    }
  });

  it('an unpaired surrogate (a JSON \\ud800 escape) is a 400 naming the field, and nothing is stored', async () => {
    const res = await post(`/tenants/${s.subdomain}/packages`, '{"name":"Orders \\ud800"}');
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toEqual({
      error: 'bad_request',
      message: 'name: must not contain an unpaired surrogate (text that is not UTF-8)',
      field: 'name',
    });
    const list = await s.admin('GET', `/tenants/${s.subdomain}/packages`);
    expect(JSON.stringify(list.body)).not.toContain('Orders');
  });
});
