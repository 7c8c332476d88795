/** Bad configuration: fails the boot with one line naming the setting (ERR_CONFIG_INVALID). */
export class ConfigError extends Error {
  readonly code = 'ERR_CONFIG_INVALID';
  readonly setting: string;

  constructor(setting: string, problem: string) {
    super(`${setting}: ${problem}`);
    this.name = 'ConfigError';
    this.setting = setting;
  }
}

/** The store failed; wraps the driver error as `cause` so callers never see driver types. */
export class StoreError extends Error {
  readonly code = 'ERR_STORE';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreError';
  }
}
