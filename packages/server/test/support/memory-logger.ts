import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { REDACTED_PATHS } from '../../src/observability/logger.js';

/**
 * A trace-level logger with the server's redaction that keeps every line in memory, to prove
 * that no secret, code, token or password reaches the logs.
 */
export function memoryLogger(): { logger: Logger; text: () => string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  const logger = pino({ level: 'trace', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, stream);
  return { logger, text: () => lines.join('') };
}
