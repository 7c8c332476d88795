import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../src/cli-context.js';
import { VERB_MODULES, verbModulesFor } from '../src/commands/index.js';
import type { CliRuntime } from '../src/commands/verb.js';
import { readCliEnv } from '../src/config/read-env.js';
import { buildProgram } from '../src/program.js';
import { runInProcess } from './support/cli.js';

const byName = (name: string) => VERB_MODULES.find((m) => m.names.includes(name));

/** Runs `argv` on a program with every verb registered (what the CLI did before verbs loaded lazily). */
async function runWithAllVerbs(argv: readonly string[]) {
  let stdout = '';
  let stderr = '';
  const ctx: CliContext = {
    env: readCliEnv({}),
    cwd: process.cwd(),
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    waitForShutdown: () => Promise.resolve('test'),
    readStdin: () => Promise.resolve(''),
    fetch: globalThis.fetch,
  };
  const state = { exitCode: 0 };
  const program = await buildProgram(ctx, state, { verbs: 'all' });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    return { code: err.exitCode === 0 ? 0 : 2, stdout, stderr };
  }
  return { code: state.exitCode, stdout, stderr };
}

describe('the verb manifest (verbs load on demand)', () => {
  it.each(VERB_MODULES.map((m) => [m.names.join(', '), m] as const))(
    'the module of %s registers exactly those top-level commands',
    async (_, m) => {
      const program = new Command('packgate');
      const cli: CliRuntime = { ctx: {} as CliContext, action: (cmd) => cmd };
      (await m.load())(program, cli);
      expect(program.commands.map((c) => c.name())).toEqual(m.names);
      expect(program.commands.flatMap((c) => c.aliases())).toEqual([]);
    },
  );

  it('no two modules claim the same name', () => {
    const names = VERB_MODULES.flatMap((m) => m.names);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each([[['--version']], [['-V']], [['-V', '--version']]])('%j loads no verb', (argv) => {
    expect(verbModulesFor(argv)).toEqual([]);
  });

  it.each([
    [['token', '--help'], 'token'],
    [['serve', '--port', '0'], 'serve'],
    [['licenses', 'list', '1'], 'users'],
    [['secrets', 'scan', '.'], 'secrets'],
  ])('%j loads only the module of %s', (argv, name) => {
    expect(verbModulesFor(argv)).toEqual([byName(name)]);
  });

  it.each([
    [[]],
    [['--help']],
    [['-h']],
    [['help']],
    [['help', 'token']],
    [['tokn']],
    [['--help', 'token']],
    [['--version', '--help']],
    [['--json', 'token']],
    [['-']],
  ])('%j loads every verb (help, an unknown verb, an option first)', (argv) => {
    expect(verbModulesFor(argv)).toBe(VERB_MODULES);
  });

  it.each(VERB_MODULES.flatMap((m) => m.names))(
    '%s: the verb loaded alone answers --help and bad input exactly as the full program',
    async (name) => {
      // Never a bare verb or a positional argument here: `serve` would start a server.
      for (const argv of [
        [name, '--help'],
        [name, '--no-such-option'],
      ]) {
        expect(await runInProcess(argv)).toEqual(await runWithAllVerbs(argv));
      }
    },
  );

  it.each([[['--help']], [['tokn']], [['--version']], [['-V']], [['help', 'doctor']]])(
    '%j prints what the full program prints',
    async (argv) => {
      expect(await runInProcess(argv)).toEqual(await runWithAllVerbs(argv));
    },
  );
});
