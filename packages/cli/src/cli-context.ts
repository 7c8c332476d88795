import type { CliEnv } from './config/read-env.js';

/** What a command may touch: its output streams, the environment as read at start, the cwd. */
export interface CliContext {
  readonly env: CliEnv;
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Resolves when the user asks the process to stop (SIGINT/SIGTERM); used by `serve`. */
  readonly waitForShutdown: () => Promise<string>;
  /** Reads standard input to its end (`--password-stdin`). */
  readonly readStdin: () => Promise<string>;
  /** Overridable for tests; defaults to the global fetch. */
  readonly fetch: typeof fetch;
}
