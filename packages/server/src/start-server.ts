import type { Server } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { AppContext } from './app-context.js';
import { type BootstrapReport, bootstrap } from './bootstrap.js';
import type { PackgateConfig } from './config/config.js';
import { type AdminKeySource, type ContextOptions, closeContext, createContext } from './create-context.js';
import { formatBanner } from './format-banner.js';
import { type DrainReport, HttpLifecycle } from './lifecycle/http-lifecycle.js';
import { listenForMetrics } from './observability/metrics-endpoint.js';
import { type AppliedSeed, applySeed, loadSeedFile } from './setup/seed/apply-seed.js';
import { SeedError, SeedFileError } from './setup/seed/seed-error.js';
import { createSetupLink } from './setup/sessions/setup-link-service.js';
import { ensureTlsMaterial, type TlsMaterial } from './tls/ensure-tls-material.js';

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly ctx: AppContext;
  /** Where the server listens, e.g. http://127.0.0.1:8787 */
  readonly url: string;
  /** Host mode: where HTTPS listens, e.g. https://127.0.0.1:443 */
  readonly tlsUrl: string | undefined;
  /** Host mode: the local CA and the leaf certificate served. */
  readonly tls: TlsMaterial | undefined;
  /** Where `/metrics` is served: `{url}/metrics`, or on PACKGATE_METRICS_PORT's own listener. */
  readonly metricsUrl: string;
  readonly report: BootstrapReport;
  readonly adminKeySource: AdminKeySource;
  /** What the seed file (PACKGATE_SEED_FILE) changed on this start, when there is one. */
  readonly seed: AppliedSeed | undefined;
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
  if (config.baseDomain && config.tlsPort === 0) config = await withFreeTlsPort(config);
  const { ctx, adminKeySource } = await createContext(config, options);
  let app: FastifyInstance | undefined;
  let secureServer: HttpsServer | undefined;
  let metricsListener: { server: Server; port: number } | undefined;
  try {
    const tls = config.baseDomain
      ? await ensureTlsMaterial(config.dataDir, config.baseDomain, ctx.clock.now())
      : undefined;
    if (tls?.createdCa) ctx.logger.info({ ca: tls.caCertificatePath }, 'local CA created');
    if (tls?.leafIssuedBecause) {
      ctx.logger.info({ reason: tls.leafIssuedBecause }, 'TLS certificate issued');
    }
    const seed = config.seedFile === undefined ? undefined : await applySeedFile(ctx, config.seedFile);
    const report = await bootstrap(ctx, { demo: options.demo ?? false, seedTenant: seed?.tenants[0] });
    ctx.expiryWatcher.start();
    const lifecycle = new HttpLifecycle(config, ctx.logger);
    app = await buildApp(ctx, {
      lifecycle,
      ...(tls ? { tls } : {}),
      onSecureServer: (server) => {
        secureServer = server;
      },
    });
    const address = await app.listen({ host: config.host, port: config.port });
    const url = address.replace('[::1]', '127.0.0.1');
    const tlsUrl = secureServer ? await listenSecure(secureServer, config) : undefined;
    // Every start prints a fresh one-time link (PRODUCT.md §1).
    const setupLink = await createSetupLink(
      ctx.store,
      { actor: 'system', sourceIp: 'local' },
      config.publicUrl,
      ctx.clock.now(),
    );
    const listening = app;
    const secure = secureServer;
    if (config.metricsPort !== undefined) metricsListener = await listenForMetrics(ctx, config.metricsPort);
    const metricsListening = metricsListener;
    const metricsUrl = metricsListening
      ? `${new URL(url).protocol}//${hostForUrl(config.host)}:${metricsListening.port}/metrics`
      : `${url}/metrics`;
    // A second signal (or close call) waits for the same shutdown instead of closing twice.
    let closed: Promise<DrainReport> | undefined;
    return {
      app,
      ctx,
      url,
      tlsUrl,
      tls,
      metricsUrl,
      report,
      adminKeySource,
      seed,
      banner: formatBanner(
        config,
        report,
        adminKeySource,
        url,
        seed,
        tls && tlsUrl ? { ...tls, tlsUrl } : undefined,
        setupLink.url,
      ),
      setupLinkUrl: setupLink.url,
      close: () => {
        closed ??= (async () => {
          const report = await lifecycle.drain(config.shutdownDrainSeconds);
          await Promise.all([listening.close(), closeServer(secure)]);
          await closeServer(metricsListening?.server);
          await closeContext(ctx);
          return report;
        })();
        return closed;
      },
    };
  } catch (err) {
    await app?.close();
    await closeServer(secureServer);
    await closeServer(metricsListener?.server);
    await closeContext(ctx);
    throw err;
  }
}

function closeServer(server: Server | HttpsServer | undefined): Promise<void> {
  if (!server?.listening) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** Loads and applies the seed file; its errors name the file and the place in it. */
async function applySeedFile(ctx: AppContext, file: string): Promise<AppliedSeed> {
  try {
    return await applySeed(ctx, loadSeedFile(file));
  } catch (err) {
    if (err instanceof SeedError) throw new SeedFileError(file, err);
    throw err;
  }
}

function freePort(host: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function withFreePort(config: PackgateConfig): Promise<PackgateConfig> {
  const port = await freePort(config.host);
  const publicUrl = config.publicUrl.replace(/:0$/, `:${port}`);
  return Object.freeze({ ...config, port, publicUrl });
}

/** PACKGATE_TLS_PORT=0: a free port, also in the base URIs unless PACKGATE_TLS_PUBLIC_PORT says otherwise. */
async function withFreeTlsPort(config: PackgateConfig): Promise<PackgateConfig> {
  const tlsPort = await freePort(config.host);
  const tlsPublicPort = config.tlsPublicPort === 0 ? tlsPort : config.tlsPublicPort;
  return Object.freeze({ ...config, tlsPort, tlsPublicPort });
}

function listenSecure(server: HttpsServer, config: PackgateConfig): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.tlsPort, config.host, () => {
      server.off('error', reject);
      resolve(`https://${hostForUrl(config.host)}:${config.tlsPort}`);
    });
  });
}
