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

const cli = (...args: string[]) =>
  runInProcess(args, { env: { PACKGATE_URL: server.baseUrl, PACKGATE_ADMIN_KEY: server.adminKey } });

const tokenRequest = () =>
  fetch(`${server.authBaseUri}v2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: server.clientId,
      client_secret: server.clientSecret,
    }),
  });

describe('packgate journal tail|clear', () => {
  it('tail prints one line per request; --json the raw items; clear empties it', async () => {
    expect((await cli('journal', 'clear')).code).toBe(0);
    expect((await cli('journal', 'tail')).stdout).toBe('(none)\n');
    await tokenRequest();
    await fetch(`${server.restBaseUri}platform/v1/tokenContext`);
    const tail = await cli('journal', 'tail');
    expect(tail.code, tail.stderr).toBe(0);
    const lines = tail.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(
        `^\\d{4}-\\d\\d-\\d\\dT\\S+Z POST /${server.subdomain}/auth/v2/token 200 [\\d.]+ms client=${server.clientId} grant=client_credentials mid=${server.eid}$`,
      ),
    );
    expect(lines[1]).toMatch(new RegExp(`GET /${server.subdomain}/rest/platform/v1/tokenContext 401 `));
    expect(tail.stdout).not.toContain(server.clientSecret);

    const filtered = JSON.parse((await cli('journal', 'tail', '--status', '401', '--json')).stdout);
    expect(filtered.items.map((e: { status: number }) => e.status)).toEqual([401]);
    expect(
      JSON.parse((await cli('journal', 'tail', '--path', '/*/auth/**', '--json')).stdout).items,
    ).toHaveLength(1);

    // --follow prints what is there, then new entries until interrupted (here: at once).
    const follow = await cli('journal', 'tail', '--follow', '--json', '--limit', '1');
    expect(follow.code).toBe(0);
    expect(
      follow.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).status),
    ).toEqual([401]);

    expect(await cli('journal', 'clear')).toMatchObject({ code: 0, stdout: 'removed 2 journal entries\n' });
  });

  it.each([
    [['journal', 'tail', '--limit', '0'], /--limit must be between 1 and 1000/],
    [['journal', 'tail', '--interval-ms', '5'], /--interval-ms must be at least 100/],
  ])('usage error %j: exit 2', async (argv, message) => {
    const res = await cli(...argv);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
  });

  it('a filter the server refuses: exit 1 naming the field', async () => {
    const res = await cli('journal', 'tail', '--since', 'yesterday');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('hint: fix since');
  });
});
