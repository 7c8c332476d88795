import pino, { type Logger } from 'pino';
import type { PackgateConfig } from '../config/config.js';

/** Headers and fields that carry credentials: pino replaces them before anything is written. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-admin-key"]',
  'headers.authorization',
  '*.client_secret',
  '*.clientSecret',
  '*.code',
  '*.code_verifier',
  '*.refresh_token',
  '*.access_token',
  '*.password',
  'client_secret',
  'clientSecret',
  'refresh_token',
  'access_token',
  'password',
];

export function createLogger(
  config: Pick<PackgateConfig, 'logLevel'>,
  destination?: pino.DestinationStream,
): Logger {
  return pino(
    { level: config.logLevel, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    destination,
  );
}

/**
 * The logger for request lines: the same destination and level, without redaction. Redaction
 * (fast-redact over the paths above, wildcards included) costs several times the line itself, and
 * a request line only ever holds fields built for it (ids, route, status, latency) — never a
 * header or a body (test/observability/request-log.test.ts searches every line for credentials).
 */
export function requestLogger(logger: Logger): Logger {
  return logger.child({}, { redact: { paths: [] } });
}
