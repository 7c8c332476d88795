import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { PackgateConfig, RawSettings } from './config/config.js';
import { parseConfig } from './config/config.js';
import type { Clock } from './setup/directory/clock.js';
import { type RunningServer, startServer } from './start-server.js';

export interface TestServer {
  readonly baseUrl: string;
  readonly authBaseUri: string;
  readonly restBaseUri: string;
  readonly soapBaseUri: string;
  readonly adminKey: string;
  readonly subdomain: string;
  readonly eid: number;
  /** The demo Server-to-Server integration (Data Extensions read/write). */
  readonly clientId: string;
  readonly clientSecret: string;
  readonly packageId: string;
  readonly server: RunningServer;
  readonly config: PackgateConfig;
  /** Calls the admin API with the operator key. */
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Injected wall clock (epoch ms). */
  readonly now?: () => number;
  /**
   * Extra settings, as in the environment (e.g. `{ propagationSeconds: '300' }`).
   * `secretRotationIntervalSeconds` defaults to '0' here (300 in production).
   */
  readonly settings?: RawSettings;
  /** Where logs go (default: nowhere, level silent). */
  readonly logger?: Logger;
  /** PostgreSQL instead of SQLite: the URL and a schema of its own. */
  readonly postgres?: { url: string; schema: string };
}

/**
 * A real Packgate on an ephemeral loopback port with a fresh store and the demo package:
 * for this repository's tests and for integrations that want one in their own test suites.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'packgate-test-'));
  const config = parseConfig({
    port: '0',
    dataDir,
    logLevel: 'silent',
    ...(options.postgres ? { databaseUrl: options.postgres.url } : {}),
    // Test servers rotate without Marketing Cloud's 5-minute limits unless a test asks for them.
    secretRotationIntervalSeconds: '0',
    // Host mode's HTTPS on an ephemeral port too, base URIs without a port (as the drop-in
    // preload maps them); a test never binds 443.
    tlsPort: '0',
    tlsPublicPort: '443',
    ...options.settings,
  });
  const clock: Clock | undefined = options.now ? { now: options.now } : undefined;
  const server = await startServer(config, {
    demo: true,
    ...(clock ? { clock } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.postgres ? { database: { postgresSchema: options.postgres.schema } } : {}),
  });
  const demo = server.report.demo;
  if (!demo) throw new Error('demo package missing');
  const { subdomain, eid } = server.report.tenant;
  const authBase = `${server.url}/${subdomain}`;
  return {
    baseUrl: server.url,
    authBaseUri: `${authBase}/auth/`,
    restBaseUri: `${authBase}/rest/`,
    soapBaseUri: `${authBase}/soap/`,
    adminKey: server.ctx.adminKey,
    subdomain,
    eid,
    clientId: demo.clientId,
    clientSecret: demo.clientSecret,
    packageId: demo.packageId,
    server,
    config: server.ctx.config,
    async admin(method, path, body) {
      const res = await fetch(`${server.url}/admin/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${server.ctx.adminKey}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
