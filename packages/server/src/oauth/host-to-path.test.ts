import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { hostToPath } from './host-to-path.js';

const req = (host: string, url: string) => ({ headers: { host }, url }) as unknown as IncomingMessage;
const sub = `mc${'a'.repeat(26)}`;

describe('host mode routing', () => {
  it('maps {sub}.{kind}.{domain} onto the path-mode routes', () => {
    expect(hostToPath(req(`${sub}.auth.example.test`, '/v2/token'), 'example.test')).toBe(
      `/${sub}/auth/v2/token`,
    );
    expect(
      hostToPath(req(`${sub}.rest.example.test:8443`, '/platform/v1/tokenContext'), 'example.test'),
    ).toBe(`/${sub}/rest/platform/v1/tokenContext`);
    expect(hostToPath(req(`${sub}.SOAP.Example.Test`, '/Service.asmx'), 'example.test')).toBe(
      `/${sub}/soap/Service.asmx`,
    );
  });
  it('leaves other hosts and kinds alone', () => {
    expect(hostToPath(req('127.0.0.1:8787', '/admin/v1/tenants'), 'example.test')).toBe('/admin/v1/tenants');
    expect(hostToPath(req(`${sub}.mail.example.test`, '/x'), 'example.test')).toBe('/x');
    expect(hostToPath(req(`evil.test`, '/x'), 'example.test')).toBe('/x');
  });
});
