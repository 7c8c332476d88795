import type { Command } from 'commander';
import type { CliContext } from './cli-context.js';
import { EXIT_OK, EXIT_USAGE } from './cli-error.js';
import { isVersionOnly, loadVerbs, VERB_MODULES, type VerbModule, verbModulesFor } from './commands/index.js';
import type { CliRuntime, Handler } from './commands/verb.js';
import { CLI_VERSION } from './version.js';

export interface BuildOptions {
  /** The verb modules to register: `'all'` (help, tests) or those one command line needs. */
  readonly verbs: 'all' | readonly VerbModule[];
}

/**
 * Builds the `packgate` program with the verbs asked for; `state.exitCode` receives the outcome
 * of the action that ran. Async because commander and the verb modules are imported on demand
 * (in parallel: the verb's files are read while commander loads).
 */
export async function buildProgram(
  ctx: CliContext,
  state: { exitCode: number },
  { verbs }: BuildOptions,
): Promise<Command> {
  const [commander, registers] = await Promise.all([
    import('commander'),
    loadVerbs(verbs === 'all' ? VERB_MODULES : verbs),
  ]);
  const program = new commander.Command('packgate')
    .description(
      'Packgate: a self-hostable Marketing Cloud Installed Packages OAuth 2.0 server, and its tools',
    )
    .version(CLI_VERSION, '-V, --version')
    .exitOverride()
    .showHelpAfterError('  hint: add --help to see the usage')
    .configureOutput({
      writeOut: ctx.stdout,
      writeErr: ctx.stderr,
      outputError: (text, write) => write(`packgate: ${text.replace(/^error: /, '')}`),
    });
  const cli: CliRuntime = {
    ctx,
    action<Options extends { json?: boolean }>(cmd: Command, handler: Handler<Options>) {
      if (!cmd.options.some((o) => o.long === '--json')) cmd.option('--json', 'machine-readable JSON output');
      return cmd.action(async (...params: unknown[]) => {
        const command = params.at(-1) as Command;
        const opts = command.opts<Options>();
        try {
          state.exitCode = (await handler(opts, command.processedArgs)) ?? EXIT_OK;
        } catch (err) {
          state.exitCode = await printError(ctx, err, Boolean(opts.json));
        }
      });
    },
  };
  for (const register of registers) register(program, cli);
  return program;
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  // `--version` alone is answered without commander, which is most of the CLI's own start
  // (bench/cli-start-bench.mjs); it prints what commander prints (test/verb-manifest.test.ts).
  if (isVersionOnly(argv)) {
    ctx.stdout(`${CLI_VERSION}\n`);
    return EXIT_OK;
  }
  const state = { exitCode: EXIT_OK };
  try {
    const program = await buildProgram(ctx, state, { verbs: verbModulesFor(argv) });
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    // Commander's own exits: --help/--version are success, anything else is a usage error.
    const { CommanderError } = await import('commander');
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    return printError(ctx, err, argv.includes('--json'));
  }
  return state.exitCode;
}

/** The error printer is loaded only when something failed: a successful start does not need it. */
async function printError(ctx: CliContext, err: unknown, json: boolean): Promise<number> {
  const { printError: print } = await import('./output/print-error.js');
  return print(ctx, err, json);
}
