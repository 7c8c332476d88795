import type { PackgateConfig } from '@packgate/server';
import { CliError } from '../cli-error.js';

/** A failed start (after the configuration was valid) as one line plus the likely fix. */
export function describeStartFailure(err: unknown, config: PackgateConfig): CliError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const where = `${config.host}:${config.port}`;
  switch (code) {
    case 'EADDRINUSE':
      return new CliError('ERR_ADDRESS_IN_USE', `cannot listen on ${where}: the port is already in use`, {
        hint: 'stop the other process, or pick another port with --port (0 picks a free one)',
      });
    case 'EADDRNOTAVAIL':
      return new CliError('ERR_ADDRESS_NOT_AVAILABLE', `cannot listen on ${where}: no such local address`, {
        hint: 'use --host 127.0.0.1 (or 0.0.0.0 to listen on every interface)',
      });
    case 'EACCES':
    case 'EPERM':
      return new CliError(
        'ERR_PERMISSION',
        `permission denied while starting (${where}, ${config.dataDir})`,
        {
          hint: 'use a port above 1023 and a data directory you can write (--data-dir)',
        },
      );
    default: {
      const message = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
      return new CliError('ERR_START_FAILED', `the server did not start: ${message}`, {
        hint: config.databaseUrl
          ? 'check that PostgreSQL is reachable at --database-url'
          : `check that ${config.dataDir} is a writable directory (--data-dir)`,
      });
    }
  }
}
