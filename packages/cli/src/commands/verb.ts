import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';

/** What a verb's handler gets: its parsed options and positional arguments. */
export type Handler<Options> = (opts: Options, args: readonly unknown[]) => Promise<number | undefined>;

export interface CliRuntime {
  readonly ctx: CliContext;
  /**
   * Attaches `handler` to `cmd` (adding `--json` when the verb has not): errors become one
   * line plus a hint and an exit code; a returned number is the exit code (default 0).
   */
  action<Options extends { json?: boolean }>(cmd: Command, handler: Handler<Options>): Command;
}

/** A verb registers itself (and its sub-verbs) on the program: one file per verb. */
export type RegisterVerb = (program: Command, cli: CliRuntime) => void;
