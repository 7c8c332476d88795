import type { CliContext } from '../cli-context.js';

/** `--json`: the raw value, pretty-printed; otherwise the human rendering. */
export function printResult<T>(
  ctx: CliContext,
  json: boolean | undefined,
  value: T,
  human: (v: T) => string,
) {
  ctx.stdout(json ? `${JSON.stringify(value, null, 2)}\n` : human(value));
}
