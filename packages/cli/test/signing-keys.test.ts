import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/src/testing.js';
import { runInProcess } from './support/cli.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ settings: { propagationSeconds: '60' } });
});
afterAll(() => s?.close());

const cli = (...args: string[]) =>
  runInProcess(args, { env: { PACKGATE_URL: s.baseUrl, PACKGATE_ADMIN_KEY: s.adminKey } });

describe('packgate signing-keys', () => {
  it('list shows the signing key; rotate publishes the next one; list then shows both', async () => {
    const list = await cli('signing-keys', 'list');
    expect(list.code, list.stderr).toBe(0);
    const [header, row] = list.stdout.split('\n');
    expect(header).toMatch(/^KID\s+GENERATION\s+STATUS\s+PUBLISHED\s+SIGNS FROM\s+LEAVES JWKS$/);
    expect(row).toMatch(/\s1\s+signing\s/);

    const rotate = await cli('signing-keys', 'rotate');
    expect(rotate.code, rotate.stderr).toBe(0);
    expect(rotate.stdout).toMatch(/status:\s+next/);
    expect(rotate.stdout).toMatch(/created:\s+yes/);

    const again = await cli('signing-keys', 'rotate', '--json');
    expect(again.code).toBe(0);
    const body = JSON.parse(again.stdout);
    expect(body).toMatchObject({ created: false, key: { generation: 2, status: 'next' } });

    const listed = JSON.parse((await cli('signing-keys', 'list', '--json')).stdout);
    expect(listed.items.map((k: { status: string }) => k.status)).toEqual(['signing', 'next']);
  });

  it('a wrong operator key exits 1 with the admin hint', async () => {
    const res = await runInProcess(['signing-keys', 'rotate'], {
      env: { PACKGATE_URL: s.baseUrl, PACKGATE_ADMIN_KEY: 'x'.repeat(40) },
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('the server refused the operator key');
  });
});
