import { expect } from 'vitest';

export interface HttpResult {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** POSTs to a URL and returns status, headers and the parsed JSON body (if any). */
export async function post(
  url: string,
  body: string | object | undefined,
  init: { contentType?: string; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const contentType =
    init.contentType ?? (typeof body === 'string' ? 'application/x-www-form-urlencoded' : 'application/json');
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...(payload === undefined ? {} : { 'content-type': contentType }), ...init.headers },
    ...(payload === undefined ? {} : { body: payload }),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** Asserts an RFC 6749 §5.2 error with Marketing Cloud's `error_uri` and no-store caching. */
export function expectOAuthError(res: HttpResult, error: string, status: number, description?: RegExp): void {
  expect({ status: res.status, error: res.body?.error }).toEqual({ status, error });
  expect(typeof res.body.error_description).toBe('string');
  expect(res.body.error_uri).toBe('https://developer.salesforce.com/docs');
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+/); // never a stack trace
  if (description) expect(res.body.error_description).toMatch(description);
}
