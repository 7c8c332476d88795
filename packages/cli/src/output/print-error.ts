import type { CliContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';

/**
 * One line plus a hint on stderr (never a stack trace); with --json the same as an object on
 * stdout. Returns the exit code.
 */
export function printError(ctx: CliContext, err: unknown, json: boolean): number {
  const error =
    err instanceof CliError
      ? err
      : new CliError('ERR_INTERNAL', firstLine(err), {
          hint: 'this is a bug in packgate: please report it with the command you ran',
        });
  ctx.stderr(`packgate: ${firstLine(error)}\n`);
  if (error.hint) ctx.stderr(`  hint: ${error.hint}\n`);
  if (json) {
    const body = {
      error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) },
      ...(error.details ?? {}),
    };
    ctx.stdout(`${JSON.stringify(body, null, 2)}\n`);
  }
  return error.exitCode;
}

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return (message.split('\n')[0] ?? '').trim() || 'unknown error';
}
