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

describe('packgate faults add|list|clear', () => {
  it('adds rules from positional effect and flags, lists them with their counts, clears them', async () => {
    const added = await cli(
      'faults',
      'add',
      'rest',
      'status',
      '503',
      '--path',
      '/data/**',
      '--method',
      'get',
      '--next',
      '2',
      '--json',
    );
    expect(added.code, added.stderr).toBe(0);
    const rule = JSON.parse(added.stdout);
    expect(rule).toMatchObject({
      route: 'rest',
      path: '/data/**',
      method: 'GET',
      effect: { type: 'status', status: 503 },
      trigger: { type: 'next', count: 2 },
    });
    const human = await cli(
      'faults',
      'add',
      'token',
      'latency',
      '250',
      '--probability',
      '0.5',
      '--seed',
      '7',
    );
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/effect:\s+latency 250 ms/);
    expect(human.stdout).toMatch(/fires:\s+p=0.5 seed=7/);
    expect(
      (await cli('faults', 'add', 'soap', 'token_expired', '--action', 'Retrieve', '--nth', '3')).code,
    ).toBe(0);
    expect((await cli('faults', 'add', 'rest', 'revoke_scope', 'data_extensions_read')).code).toBe(0);

    const list = await cli('faults', 'list');
    expect(list.code).toBe(0);
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+ROUTE\s+MATCH\s+EFFECT\s+FIRES\s+MATCHED\s+FIRED$/);
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(
      new RegExp(`^${rule.id}\\s+rest\\s+GET /data/\\*\\*\\s+status 503\\s+next 2\\s+0\\s+0$`),
    );
    expect(lines[3]).toMatch(/soap\s+Retrieve\s+token_expired\s+request #3/);

    const cleared = await cli('faults', 'clear');
    expect(cleared).toMatchObject({ code: 0, stdout: 'removed 4 fault rules\n' });
    expect((await cli('faults', 'list')).stdout).toBe('(none)\n');
  });

  it.each([
    [
      ['faults', 'add', 'token', 'drop', '--nth', '1', '--next', '2'],
      /use one of --nth, --next, --probability/,
    ],
    [['faults', 'add', 'token', 'drop', '--seed', '4'], /--seed goes with --probability/],
    [['faults', 'add', 'token', 'status'], /the effect status needs a value/],
    [['faults', 'add', 'token', 'drop', 'now'], /the effect drop takes no value/],
  ])('usage error %j: exit 2 and a hint', async (argv, message) => {
    const res = await cli(...argv);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
    expect(res.stderr).toMatch(/hint: /);
  });

  it.each([
    [['faults', 'add', 'ftp', 'drop'], 'route'],
    [['faults', 'add', 'token', 'token_expired'], 'effect.type'],
    [['faults', 'add', 'rest', 'status', 'abc'], 'effect.status'],
    [['faults', 'add', 'rest', 'latency', '5', '--probability', '2'], 'trigger.p'],
  ])('a rule the server refuses %j: exit 1 naming the field', async (argv, field) => {
    const res = await cli(...argv);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`hint: fix ${field}`);
  });
});
