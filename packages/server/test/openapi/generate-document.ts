import type { OpenAPIV3 } from 'openapi-types';
import { startTestServer } from '../../src/testing.js';

/** The OpenAPI document as the server publishes it (`GET /openapi.json`), generated once. */
export async function generateDocument(settings: Record<string, string> = {}): Promise<OpenAPIV3.Document> {
  const s = await startTestServer({ settings });
  try {
    const res = await fetch(`${s.baseUrl}/openapi.json`);
    if (res.status !== 200) throw new Error(`/openapi.json answered ${res.status}`);
    return (await res.json()) as OpenAPIV3.Document;
  } finally {
    await s.close();
  }
}

export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Every operation of the document with its method and path. */
export function operationsOf(doc: OpenAPIV3.Document) {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const op = item?.[method];
      return op ? [{ method, path, op }] : [];
    }),
  );
}
