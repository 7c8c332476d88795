#!/usr/bin/env node
import { parseConfig } from './config/config.js';
import { readEnv } from './config/read-env.js';
import { startServer } from './start-server.js';

/**
 * Server entry without the CLI (used by the benchmark harness): configuration from the
 * environment only; `PORT` is honoured when PACKGATE_PORT is unset.
 */
const env = { ...process.env };
if (env.PACKGATE_PORT === undefined && env.PORT !== undefined) env.PACKGATE_PORT = env.PORT;
try {
  const config = parseConfig(readEnv(env));
  const server = await startServer(config, { demo: process.argv.includes('--demo') });
  process.stdout.write(server.banner);
  // Drains (lifecycle/http-lifecycle.ts), then exits 0; a second signal waits for the same drain.
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} catch (err) {
  process.stderr.write(`packgate: ${(err as Error).message}\n`);
  process.exit(1);
}
