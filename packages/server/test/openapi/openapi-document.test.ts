import type { OpenAPIV3 } from 'openapi-types';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDocument, operationsOf } from './generate-document.js';

/**
 * `GET /openapi.json` is complete (issue 11 part 4). The document is generated once, from a
 * real app, so routes added later are checked too.
 */
let doc: OpenAPIV3.Document;
beforeAll(async () => {
  doc = await generateDocument();
});

describe('the OpenAPI document', () => {
  it('names, summarises and tags every operation', () => {
    const ops = operationsOf(doc);
    expect(ops.length).toBeGreaterThan(50);
    const missing = ops
      .map(({ method, path, op }) => {
        const lacks = [
          op.operationId ? '' : 'operationId',
          op.summary ? '' : 'summary',
          op.tags?.length ? '' : 'tags',
        ].filter(Boolean);
        return lacks.length ? `${method.toUpperCase()} ${path}: no ${lacks.join(', ')}` : '';
      })
      .filter(Boolean);
    expect(missing, "add operationId, summary and tags to these routes' schemas").toEqual([]);
  });

  it('operationIds are unique', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const { method, path, op } of operationsOf(doc)) {
      const where = `${method.toUpperCase()} ${path}`;
      const id = op.operationId ?? '';
      const other = seen.get(id);
      if (other) clashes.push(`${id}: ${other} and ${where}`);
      seen.set(id, where);
    }
    expect(clashes).toEqual([]);
  });

  it('every tag used is declared with a description', () => {
    const declared = new Map((doc.tags ?? []).map((t) => [t.name, t.description]));
    const used = new Set(operationsOf(doc).flatMap(({ op }) => op.tags ?? []));
    expect([...used].filter((t) => !declared.get(t))).toEqual([]);
  });

  it('describes the SOAP endpoint and the token endpoint', () => {
    const paths = Object.keys(doc.paths);
    expect(paths).toContain('/{subdomain}/soap/Service.asmx');
    expect(paths).toContain('/{subdomain}/auth/v2/token');
  });
});
