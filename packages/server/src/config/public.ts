/**
 * `@packgate/server/config`: the settings schema, reading the environment and the config error,
 * without the server. The CLI's verbs other than `serve` load only this (and the secret format),
 * so that `packgate --version` does not load Fastify, the drivers or the metrics.
 */

export { ConfigError, StoreError } from '../errors/config-error.js';
export { expiresInSeconds, type PackgateConfig, parseConfig, type RawSettings } from './config.js';
export { readEnv } from './read-env.js';
export { redactUrl } from './redact-url.js';
export { SETTINGS } from './settings.js';
