import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS_FILE, renderAdminTypes, TYPES_FILE } from '../../../../scripts/generate-admin-types.mjs';
import { startTestServer, type TestServer } from '../../../server/src/testing.js';

/**
 * The admin client's types and operation table are generated from the server's OpenAPI document
 * (docs/decisions/0012-typed-admin-client.md). Regenerated here from a live server's
 * GET /openapi.json: a route or TypeBox schema changed without `npm run generate:admin-types`
 * fails this test, so the SDK cannot drift from the server.
 */
const REGENERATE = 'the server changed: run `npm run build && npm run generate:admin-types` and commit';

let server: TestServer;
let doc: any;
beforeAll(async () => {
  server = await startTestServer();
  const res = await fetch(`${server.baseUrl}/openapi.json`);
  expect(res.status).toBe(200);
  doc = await res.json();
});
afterAll(async () => {
  await server?.close();
});

describe('@packgate/client/admin stays in step with the server (generated from /openapi.json)', () => {
  it('the committed types and operation table are what the live document generates', async () => {
    const { types, operations } = await renderAdminTypes(doc);
    expect(readFileSync(TYPES_FILE, 'utf8'), REGENERATE).toBe(types);
    expect(readFileSync(OPERATIONS_FILE, 'utf8'), REGENERATE).toBe(operations);
  });

  it('covers every /admin/v1 operation of the document', async () => {
    const { ADMIN_OPERATIONS } = await import('../../src/admin/generated/admin-operations.js');
    const inDocument = Object.entries(doc.paths as Record<string, Record<string, { operationId?: string }>>)
      .filter(([path]) => path.startsWith('/admin/v1/'))
      .flatMap(([, item]) => Object.values(item).map((op) => op.operationId));
    expect(inDocument.length).toBeGreaterThan(40);
    expect(Object.keys(ADMIN_OPERATIONS).sort()).toEqual(inDocument.sort());
  });

  it('the generation fails when a route answers errors in another shape than { error, message, field? }', async () => {
    const changed = structuredClone(doc);
    const op = changed.paths['/admin/v1/tenants'].get;
    op.responses['401'].content['application/json'].schema = { type: 'object', properties: { detail: {} } };
    await expect(renderAdminTypes(changed)).rejects.toThrow(/GET \/admin\/v1\/tenants 401/);
  });

  it('a changed response schema changes the generated types (the comparison can fail)', async () => {
    const changed = structuredClone(doc);
    const ok =
      changed.paths['/admin/v1/tenants/{sub}'].get.responses['200'].content['application/json'].schema;
    ok.properties.renamed = ok.properties.name;
    delete ok.properties.name;
    const { types } = await renderAdminTypes(changed);
    expect(types).not.toBe(readFileSync(TYPES_FILE, 'utf8'));
  });
});
