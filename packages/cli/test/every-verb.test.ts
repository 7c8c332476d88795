import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../src/cli-context.js';
import { readCliEnv } from '../src/config/read-env.js';
import { buildProgram } from '../src/program.js';
import { runInProcess } from './support/cli.js';

/** Every runnable verb of the real program (PRODUCT.md §8: "Every verb: --help, --json, exit 0/1/2"). */
function verbs(cmd: Command, path: string[] = []): { path: string[]; cmd: Command }[] {
  if (cmd.commands.length === 0) return path.length > 0 ? [{ path, cmd }] : [];
  return cmd.commands.filter((c) => c.name() !== 'help').flatMap((c) => verbs(c, [...path, c.name()]));
}

const ctx: CliContext = {
  env: readCliEnv({}),
  cwd: process.cwd(),
  stdout: () => {},
  stderr: () => {},
  waitForShutdown: () => Promise.resolve('test'),
  readStdin: () => Promise.resolve(''),
  fetch: globalThis.fetch,
};
const program = await buildProgram(ctx, { exitCode: 0 }, { verbs: 'all' });
const ALL = verbs(program);
const groups = program.commands.filter((c) => c.commands.length > 0).map((c) => c.name());
const has = (cmd: Command, flag: string) => cmd.options.some((o) => o.long === flag);

/** Arguments that pass the CLI's own checks, so the verb reaches its server (which is not there). */
function argvReachingTheNetwork(path: string[], cmd: Command): string[] | undefined {
  const talksToServer = has(cmd, '--url') || has(cmd, '--auth-base-uri');
  if (!talksToServer) return undefined;
  const positional = cmd.registeredArguments.map((a) => (a.variadic ? 'email_read' : '1'));
  const values: Record<string, string[]> = {
    '--url': ['--url', 'http://127.0.0.1:1'],
    '--auth-base-uri': ['--auth-base-uri', 'http://127.0.0.1:1/mc/auth/', '--client-id', 'abc'],
    '--type': ['--type', 'server-to-server'],
    '--mids': ['--mids', '1'],
    '--users': ['--users', '1'],
    '--bu': ['--bu', '1=email_read'],
    '--yes': ['--yes'],
    '--password-stdin': ['--password-stdin'],
  };
  const flags = Object.entries(values).flatMap(([flag, v]) => (has(cmd, flag) ? v : []));
  return [...path, ...positional, ...flags, '--json'];
}

describe('every verb (PRODUCT.md §8)', () => {
  it('the program has the verbs the contract names', () => {
    const names = ALL.map((v) => v.path.join(' '));
    for (const verb of [
      'serve',
      'token',
      'doctor',
      'secrets scan',
      'tenants list',
      'bu create',
      'packages get',
    ]) {
      expect(names).toContain(verb);
    }
    expect(names.filter((n) => /^(integration|access|secrets|users) /.test(n)).length).toBeGreaterThan(8);
  });

  it.each(ALL.map((v) => [v.path.join(' '), v] as const))(
    '%s: --help exits 0 and lists --json',
    async (_, v) => {
      const res = await runInProcess([...v.path, '--help']);
      expect(res.code).toBe(0);
      expect(res.stdout).toContain(`Usage: packgate ${v.path.join(' ')}`);
      expect(res.stdout).toContain('--json');
    },
  );

  it.each(ALL.map((v) => [v.path.join(' '), v] as const))('%s: an unknown option exits 2', async (_, v) => {
    const res = await runInProcess([...v.path, '--no-such-option']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^packgate: (unknown option '--no-such-option'|required option)/);
  });

  it.each([
    [['access', 'set', 'some-package']],
    [['packages', 'create', 'x', '--mid', 'abc']],
    [['token', '--auth-base-uri', 'http://127.0.0.1:1/mc/auth/', '--client-id', 'a', '--account-id', 'x']],
  ])('a usage error the verb finds itself (%j): exit 2, one line plus a hint', async (argv) => {
    const res = await runInProcess(argv, { env: { PACKGATE_CLIENT_SECRET: 'x' } });
    expect(res.code).toBe(2);
    const [line, hint, ...rest] = res.stderr.trimEnd().split('\n');
    expect(line).toMatch(/^packgate: /);
    expect(hint).toMatch(/^ {2}hint: ./);
    expect(rest).toEqual([]);
  });

  it.each(groups)('%s without a sub-verb exits 2', async (group) => {
    expect((await runInProcess([group])).code).toBe(2);
  });

  const networked = ALL.flatMap((v) => {
    const argv = argvReachingTheNetwork(v.path, v.cmd);
    return argv ? [[v.path.join(' '), argv] as const] : [];
  });
  it.each(networked)('%s --json: a failure exits 1 with a parseable error on stdout', async (_, argv) => {
    const res = await runInProcess(argv, {
      env: { PACKGATE_ADMIN_KEY: 'k'.repeat(43), PACKGATE_CLIENT_SECRET: 'x', PACKGATE_TENANT: 'mc' },
      stdin: 'a password',
    });
    expect(res.code, res.stderr).toBe(1);
    const body = JSON.parse(res.stdout);
    expect(typeof (body.error?.code ?? body.checks)).not.toBe('undefined');
  });
});
