import { UsageError } from '../cli-error.js';

// Its own module, free of the SDK: `packgate doctor --help` loads it without loading @packgate/client.

/** Long enough for a cold Marketing Cloud auth host, short enough that a silent one is named quickly. */
export const DEFAULT_TIMEOUT_MS = 5_000;

export function parseTimeoutMs(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 600_000) {
    throw new UsageError(`--timeout-ms must be a whole number of milliseconds (1–600000), got "${value}"`);
  }
  return Number(value);
}
