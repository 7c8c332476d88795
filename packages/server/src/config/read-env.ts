import type { PackgateConfig, RawSettings } from './config.js';
import { SETTINGS } from './settings.js';

/** The only place the server reads `process.env`. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): RawSettings {
  const raw: RawSettings = {};
  for (const setting of SETTINGS) {
    const value = env[setting.env];
    if (value !== undefined) raw[setting.key as keyof PackgateConfig] = value;
  }
  return raw;
}
