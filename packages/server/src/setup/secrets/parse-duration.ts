import { BadRequest } from '../../errors/admin-errors.js';

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/**
 * `30d`, `12h`, `90m`, `300s` (or a bare number of seconds) → seconds. Anything else is a 400
 * naming `field`, so `?within=soon` is a readable error rather than a 500.
 */
export function parseDuration(value: string, field: string, maxSeconds: number): number {
  const match = /^(\d{1,9})([smhd]?)$/.exec(value.trim());
  if (!match) {
    throw new BadRequest(`${field}: "${value}" is not a duration (use e.g. 30d, 12h, 90m or 300s).`, {
      field,
    });
  }
  const seconds = Number(match[1]) * UNIT_SECONDS[(match[2] || 's') as keyof typeof UNIT_SECONDS];
  if (seconds > maxSeconds) {
    throw new BadRequest(`${field}: at most ${maxSeconds / 86_400} days.`, { field });
  }
  return seconds;
}
