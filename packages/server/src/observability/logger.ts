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
