import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/src/testing.js';
import { createRestClient, createTokenProvider } from '../src/index.js';

/**
 * The worked example of docs/guides/fault-injection.md: the region between the guide markers is
 * quoted there verbatim (the last test checks it), so the guide cannot drift from what runs.
 */
const GUIDE = new URL('../../../docs/guides/fault-injection.md', import.meta.url);
const THIS_FILE = new URL(import.meta.url);

describe('docs/guides/fault-injection.md: a client retry loop against fault rules, seen in the journal', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('retries once on an early "token expired", waits out a 503, and the journal shows each step', async () => {
    const { baseUrl: packgate, subdomain, adminKey, authBaseUri, clientId, clientSecret } = server;
    // guide:start
    const admin = (method: string, path: string, body?: unknown) =>
      fetch(`${packgate}/admin/v1/tenants/${subdomain}${path}`, {
        method,
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });

    // 1. Faults: the first REST call meets an early "token expired", the next one a 503.
    await admin('DELETE', '/faults');
    await admin('DELETE', '/journal');
    await admin('POST', '/faults', {
      route: 'rest',
      effect: { type: 'token_expired' },
      trigger: { type: 'nth', n: 1 },
    });
    await admin('POST', '/faults', {
      route: 'rest',
      path: '/platform/v1/*',
      effect: { type: 'status', status: 503 },
      trigger: { type: 'next', count: 1 },
    });

    // 2. The code under test: a REST client that renews its token once on 401 and honours
    //    Retry-After on 503 (here the SDK's; the sleep is recorded instead of waited).
    const waits: number[] = [];
    const provider = createTokenProvider({ authBaseUri, clientId, clientSecret });
    const rest = createRestClient({
      tokenSource: provider,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    const context = await rest.request<{ enterprise: { id: number } }>('platform/v1/tokenContext');

    // 3. What the server saw, from the journal.
    const journal = await (await admin('GET', '/journal')).json();
    const seen = journal.items.map(
      (e: { method: string; path: string; status: number; faults?: string[] }) =>
        `${e.method} ${e.path.replace(`/${subdomain}`, '')} ${e.status}${e.faults ? ' (fault)' : ''}`,
    );
    expect(seen).toEqual([
      'POST /auth/v2/token 200',
      'GET /rest/platform/v1/tokenContext 401 (fault)',
      'POST /auth/v2/token 200',
      'GET /rest/platform/v1/tokenContext 503 (fault)',
      'GET /rest/platform/v1/tokenContext 200',
    ]);
    expect(waits).toEqual([5000]); // Retry-After: 5
    expect(context.enterprise.id).toBe(server.eid);

    // 4. Each rule fired exactly once.
    const rules = await (await admin('GET', '/faults')).json();
    expect(rules.items.map((r: { fired: number }) => r.fired)).toEqual([1, 1]);
    // guide:end
  });

  it('the guide quotes this example verbatim', () => {
    const source = readFileSync(THIS_FILE, 'utf8');
    const region = source.slice(source.indexOf('// guide:start\n') + 15, source.indexOf('    // guide:end'));
    const dedented = region
      .split('\n')
      .map((line) => line.replace(/^ {4}/, ''))
      .join('\n')
      .trimEnd();
    expect(dedented.length).toBeGreaterThan(500);
    expect(readFileSync(GUIDE, 'utf8')).toContain(dedented);
  });
});
