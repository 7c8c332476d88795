import type { OpenAPIV3 } from 'openapi-types';
import { startTestServer } from '../../src/testing.js';

export interface GeneratedDocument {
  readonly doc: OpenAPIV3.Document;
  /** The test server's tenant and auth base URI, which the document's `oauth2` scheme names. */
  readonly subdomain: string;
  readonly authBaseUri: string;
}

/** The OpenAPI document as the server publishes it (`GET /openapi.json`), generated once. */
export async function generateDocument(): Promise<GeneratedDocument> {
  const s = await startTestServer();
  try {
    const res = await fetch(`${s.baseUrl}/openapi.json`);
    if (res.status !== 200) throw new Error(`/openapi.json answered ${res.status}`);
    const doc = (await res.json()) as OpenAPIV3.Document;
    return { doc, subdomain: s.subdomain, authBaseUri: s.authBaseUri };
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
