import { createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { AppContext } from './app-context.js';
import { type BootstrapReport, bootstrap } from './bootstrap.js';
import type { PackgateConfig } from './config/config.js';
import { type AdminKeySource, type ContextOptions, createContext } from './create-context.js';
import { formatBanner } from './format-banner.js';
import { type DrainReport, HttpLifecycle } from './lifecycle/http-lifecycle.js';
import { createSetupLink } from './setup/sessions/setup-link-service.js';

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly ctx: AppContext;
  /** Where the server listens, e.g. http://127.0.0.1:8787 */
  readonly url: string;
  readonly report: BootstrapReport;
  readonly adminKeySource: AdminKeySource;
  /** What to print on start: base URIs, and secrets only on the start that created them. */
  readonly banner: string;
  /** The one-time operator sign-in link printed on the banner's `Setup UI:` line. */
  readonly setupLinkUrl: string;
  /**
   * The graceful end (what SIGTERM and SIGINT call): `/readyz` turns 503, no new connection is
   * accepted, the requests already received get up to PACKGATE_SHUTDOWN_DRAIN_SECONDS to
   * finish, then the store and feeds close.
   */
  close(): Promise<DrainReport>;
}

/** Opens the store, bootstraps, builds the app and listens. */
export async function startServer(
  config: PackgateConfig,
  options: ContextOptions & { demo?: boolean } = {},
): Promise<RunningServer> {
  // Base URIs carry the port: resolve an ephemeral port (0) before anything is built from it.
  if (config.port === 0) config = await withFreePort(config);
  const { ctx, adminKeySource } = await createContext(config, options);
  let app: FastifyInstance | undefined;
  try {
    const report = await bootstrap(ctx, { demo: options.demo ?? false });
    const lifecycle = new HttpLifecycle(config, ctx.logger);
    app = await buildApp(ctx, { lifecycle });
    const address = await app.listen({ host: config.host, port: config.port });
    const url = address.replace('[::1]', '127.0.0.1');
    // Every start prints a fresh one-time link (PRODUCT.md §1).
    const setupLink = await createSetupLink(
      ctx.store,
      { actor: 'system', sourceIp: 'local' },
      config.publicUrl,
      ctx.clock.now(),
    );
    const listening = app;
    // A second signal (or close call) waits for the same shutdown instead of closing twice.
    let closed: Promise<DrainReport> | undefined;
    return {
      app,
      ctx,
      url,
      report,
      adminKeySource,
      banner: formatBanner(config, report, adminKeySource, url, setupLink.url),
      setupLinkUrl: setupLink.url,
      close: () => {
        closed ??= (async () => {
          const report = await lifecycle.drain(config.shutdownDrainSeconds);
          await listening.close();
          await ctx.rateLimits.close();
          ctx.revocations.stop();
          await ctx.changeFeed.close();
          await ctx.store.close();
          return report;
        })();
        return closed;
      },
    };
  } catch (err) {
    await app?.close();
    await ctx.rateLimits.close();
    ctx.revocations.stop();
    await ctx.changeFeed.close();
    await ctx.store.close();
    throw err;
  }
}

async function withFreePort(config: PackgateConfig): Promise<PackgateConfig> {
  const port = await new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, config.host, () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
  const publicUrl = config.publicUrl.replace(/:0$/, `:${port}`);
  return Object.freeze({ ...config, port, publicUrl });
}
