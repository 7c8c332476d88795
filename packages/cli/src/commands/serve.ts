import type { RunningServer } from '@packgate/server';
import { ConfigError, parseConfig } from '@packgate/server/config';
import { readServerSettings, unknownVariables } from '../config/server-env.js';
import { describeConfigError, describeStartFailure } from '../serve/describe-start-failure.js';
import { rawSettingsFromFlags, SETTING_FLAGS } from '../serve/setting-flags.js';
import { describeUnknownVariable } from '../serve/unknown-variables.js';
import type { RegisterVerb } from './verb.js';

/** `packgate serve`: the server, configured by flags (generated from SETTINGS) over the environment. */
export const registerServe: RegisterVerb = (program, cli) => {
  const cmd = program
    .command('serve')
    .description('run the Packgate server (flags override the PACKGATE_* environment settings)')
    .option('--demo', 'on first start, create a demo Server-to-Server package and print its credentials');
  for (const flag of SETTING_FLAGS) cmd.option(flag.spec, flag.description);
  cmd.addHelpText('after', '\nThe operator key (PACKGATE_ADMIN_KEY) is read from the environment only.');

  cli.action<{ demo?: boolean; json?: boolean }>(cmd, async (opts) => {
    const { ctx } = cli;
    for (const name of unknownVariables(ctx.env)) ctx.stderr(describeUnknownVariable(name));
    const raw = { ...readServerSettings(ctx.env), ...rawSettingsFromFlags(opts) };
    let config: ReturnType<typeof parseConfig>;
    try {
      config = parseConfig(raw, ctx.cwd);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      throw describeConfigError(err);
    }
    // Listen for SIGINT/SIGTERM before anything is printed: a signal sent right after the
    // banner must close the server, not kill the process.
    const shutdown = ctx.waitForShutdown();
    let running: RunningServer;
    try {
      // Only `serve` loads the server (Fastify, the drivers): every other verb starts fast.
      const { startServer } = await import('@packgate/server');
      // Logs to stderr: stdout holds only the banner (or, with --json, one JSON answer).
      running = await startServer(config, { demo: Boolean(opts.demo), logTo: 'stderr' });
    } catch (err) {
      throw describeStartFailure(err, config);
    }
    if (opts.json) {
      const { report } = running;
      const demo = report.demo;
      ctx.stdout(
        `${JSON.stringify({
          url: running.url,
          tenant: { subdomain: report.tenant.subdomain, eid: report.tenant.eid, name: report.tenant.name },
          ...report.baseUris,
          ...(demo ? { demo } : {}),
        })}\n`,
      );
    } else ctx.stdout(running.banner);
    const signal = await shutdown;
    ctx.stderr(
      `packgate: ${signal} received, shutting down (requests in flight get up to ${config.shutdownDrainSeconds} s)\n`,
    );
    const { cutConnections } = await running.close();
    if (cutConnections > 0) {
      ctx.stderr(`packgate: ${cutConnections} connection(s) still busy at the drain deadline were closed\n`);
    }
    return 0;
  });
};
