import { type RawSettings, SETTINGS } from '@packgate/server/config';

/** Settings never accepted as flags: a command line is visible to every user of the machine. */
const ENV_ONLY: ReadonlySet<string> = new Set(['adminKey']);

export interface SettingFlag {
  readonly key: string;
  readonly env: string;
  /** e.g. `--public-url <value>` */
  readonly spec: string;
  readonly flag: string;
  readonly description: string;
}

/** Flags named otherwise than their setting: `packgate serve --seed FILE` reads better. */
const FLAG_NAMES: Readonly<Record<string, string>> = { seedFile: '--seed' };

/** `publicUrl` → `--public-url`. */
function flagName(key: string): string {
  return FLAG_NAMES[key] ?? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** One `serve` flag per server setting, generated from the server's own table so they cannot drift. */
export const SETTING_FLAGS: readonly SettingFlag[] = SETTINGS.filter((s) => !ENV_ONLY.has(s.key)).map(
  (s) => ({
    key: s.key,
    env: s.env,
    flag: flagName(s.key),
    spec: `${flagName(s.key)} <${s.key === 'seedFile' ? 'file' : 'value'}>`,
    description: `${s.description} (env ${s.env}; default ${s.defaultText})`,
  }),
);

/** The settings given as flags (commander camel-cases `--public-url` back to `publicUrl`). */
export function rawSettingsFromFlags(opts: Readonly<Record<string, unknown>>): RawSettings {
  const raw: Record<string, string> = {};
  for (const f of SETTING_FLAGS) {
    const value = opts[optionKey(f.flag)];
    if (typeof value === 'string') raw[f.key] = value;
  }
  return raw as RawSettings;
}

/** `PACKGATE_PUBLIC_URL` → `--public-url` (undefined for environment-only settings). */
export function flagForEnv(env: string): string | undefined {
  return SETTING_FLAGS.find((f) => f.env === env)?.flag;
}

/** The key commander stores a flag's value under: `--public-url` → `publicUrl`, `--seed` → `seed`. */
function optionKey(flag: string): string {
  return flag.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
