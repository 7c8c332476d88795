import { ConfigError, type PackgateConfig } from '@packgate/server/config';
import { CliError } from '../cli-error.js';
import { flagForEnv } from './setting-flags.js';

/** A setting that is wrong, whether found while parsing or while starting: one line naming it. */
export function describeConfigError(err: ConfigError): CliError {
  return settingError(err.setting, `invalid configuration: ${err.message}`);
}

function settingError(setting: string, message: string): CliError {
  const flag = flagForEnv(setting);
  return new CliError('ERR_CONFIG_INVALID', message, {
    hint: `fix ${flag ? `${flag} or ` : ''}${setting}; \`packgate serve --help\` lists every setting`,
    details: { setting },
  });
}

/** A failed start (after the configuration parsed) as one line plus the likely fix. */
export function describeStartFailure(err: unknown, config: PackgateConfig): CliError {
  if (err instanceof ConfigError) return describeConfigError(err);
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  // node:net names the port that failed: the HTTP one, or host mode's HTTPS one.
  const failedPort = (err as { port?: unknown } | undefined)?.port;
  const tls = Boolean(config.baseDomain) && failedPort === config.tlsPort && failedPort !== config.port;
  const where = `${config.host}:${tls ? config.tlsPort : config.port}`;
  const portFlag = tls ? '--tls-port' : '--port';
  switch (code) {
    case 'EADDRINUSE':
      return new CliError('ERR_ADDRESS_IN_USE', `cannot listen on ${where}: the port is already in use`, {
        hint: `stop the other process, or pick another port with ${portFlag} (0 picks a free one)`,
      });
    case 'EADDRNOTAVAIL':
      return new CliError('ERR_ADDRESS_NOT_AVAILABLE', `cannot listen on ${where}: no such local address`, {
        hint: 'use --host 127.0.0.1 (or 0.0.0.0 to listen on every interface)',
      });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return settingError('PACKGATE_HOST', `PACKGATE_HOST: cannot resolve "${config.host}" to listen on it`);
    case 'EACCES':
    case 'EPERM':
      return new CliError(
        'ERR_PERMISSION',
        `permission denied while starting (${where}, ${config.dataDir})`,
        {
          hint: tls
            ? 'HTTPS on 443 needs the right to bind low ports: use --tls-port 8443 --tls-public-port 443 and the `packgate dropin` preload, or grant it (setcap cap_net_bind_service)'
            : 'use a port above 1023 and a data directory you can write (--data-dir)',
        },
      );
    case 'ERR_SEED_INVALID':
      return new CliError('ERR_SEED_INVALID', firstLine(err), {
        hint: 'fix that place in the seed file (schema: docs/reference/seed.schema.json) and start again; what came before it was applied',
        details: { setting: 'PACKGATE_SEED_FILE' },
      });
    case 'ERR_STORE':
      if (config.databaseUrl) {
        return new CliError('ERR_STORE', `the server did not start: ${firstLine(err)}`, {
          hint: 'start PostgreSQL, or fix --database-url or PACKGATE_DATABASE_URL (unset it to use SQLite)',
          details: { setting: 'PACKGATE_DATABASE_URL' },
        });
      }
      return new CliError('ERR_STORE', `the server did not start: ${firstLine(err)}`, {
        hint: `check that ${config.dataDir} is a writable directory (--data-dir or PACKGATE_DATA_DIR)`,
        details: { setting: 'PACKGATE_DATA_DIR' },
      });
    default:
      return new CliError('ERR_START_FAILED', `the server did not start: ${firstLine(err)}`, {
        hint: config.databaseUrl
          ? 'check that PostgreSQL is reachable at --database-url'
          : `check that ${config.dataDir} is a writable directory (--data-dir)`,
      });
  }
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}
