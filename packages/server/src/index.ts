/** Public surface of `@packgate/server`, as used by the `packgate` CLI and embedders. */
export {
  expiresInSeconds,
  type PackgateConfig,
  parseConfig,
  type RawSettings,
} from './config/config.js';
export { readEnv } from './config/read-env.js';
export { redactUrl } from './config/redact-url.js';
export { SETTINGS } from './config/settings.js';
export { ConfigError, StoreError } from './errors/config-error.js';
export {
  fingerprint,
  hasValidSecretChecksum,
  isSecretShaped,
  SECRET_LENGTH,
  SECRET_PREFIX,
  secretChecksum,
} from './setup/secrets/secret-format.js';
export { applySeed, loadSeedFile } from './setup/seed/apply-seed.js';
export { parseSeed } from './setup/seed/parse-seed.js';
export { SeedError, SeedFileError } from './setup/seed/seed-error.js';
export { type RunningServer, startServer } from './start-server.js';
