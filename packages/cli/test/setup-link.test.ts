import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/src/testing.js';
import { runInProcess } from './support/cli.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('packgate setup-link', () => {
  it('prints only a fresh one-time sign-in URL of the running server, and the link works', async () => {
    const env = { PACKGATE_URL: server.baseUrl, PACKGATE_ADMIN_KEY: server.adminKey };
    const first = await runInProcess(['setup-link'], { env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`^${server.baseUrl}/setup/sign-in/link/[A-Za-z0-9_-]{43}\\n$`));
    const second = await runInProcess(['setup-link'], { env });
    expect(second.stdout).not.toBe(first.stdout);
    const page = await fetch(first.stdout.trim());
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Sign in as operator');
    const json = await runInProcess(['setup-link', '--json'], { env });
    expect(Object.keys(JSON.parse(json.stdout))).toEqual(['url', 'expiresAt']);
  });

  it('a wrong operator key: exit 1, nothing on stdout', async () => {
    const res = await runInProcess(['setup-link'], {
      env: { PACKGATE_URL: server.baseUrl, PACKGATE_ADMIN_KEY: 'wrong' },
    });
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).not.toBe('');
  });
});
