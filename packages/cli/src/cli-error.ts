/** Exit codes of every verb. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/**
 * A failure the CLI reports as one line plus a hint, never a stack trace. `code` is stable
 * (for --json consumers); the message must never contain a secret.
 */
export class CliError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly exitCode: number;
  /** Extra machine-readable details for --json (e.g. the server's error body). */
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: string,
    message: string,
    options: { hint?: string; exitCode?: number; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? EXIT_FAILURE;
    this.details = options.details;
  }
}

/** A wrong or missing argument: exit 2. */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super('ERR_USAGE', message, { exitCode: EXIT_USAGE, hint: hint ?? 'add --help to see the usage' });
    this.name = 'UsageError';
  }
}
