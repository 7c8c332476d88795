import { readFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { installDropin } from '../../packages/cli/src/dropin/install-dropin.js';
import { createAdminClient } from '../../packages/client/src/admin/index.js';
import { startTestServer, type TestServer } from '../../packages/server/src/testing.js';

/** The domain the real SDKs insist on; the drop-in sends it to Packgate inside this process only. */
export const DOMAIN = 'marketingcloudapis.com';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `name@version` of an installed SDK, read from its own package.json. */
export function sdkVersion(name: string): string {
  const pkg = JSON.parse(readFileSync(`${ROOT}node_modules/${name}/package.json`, 'utf8'));
  return `${pkg.name}@${pkg.version}`;
}

/** Scopes the proofs' integration holds; the tokens narrow them with `scope`. */
export const INTEGRATION_SCOPES = [
  'data_extensions_read',
  'data_extensions_write',
  'email_read',
  'list_and_subscribers_read',
];
export const DE = { name: 'Dropin Customers', key: 'DROPIN_CUSTOMERS' };

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+|localhost)$/i;

/**
 * Every TCP connection this process opens must stay on loopback: one that would leave it (an SDK
 * default such as `webservice.exacttarget.com`, a host the drop-in does not cover) is refused
 * and recorded, and the rig's `close()` fails the suite naming it.
 */
export function guardLoopback(): { escapes: string[]; restore: () => void } {
  const escapes: string[] = [];
  const original = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const first = Array.isArray(args[0]) ? args[0][0] : args[0];
    const options = (
      typeof first === 'object' && first !== null ? first : { port: first, host: args[1] }
    ) as {
      host?: unknown;
      path?: unknown;
    };
    const host = typeof options.host === 'string' ? options.host : 'localhost';
    if (options.path === undefined && !LOOPBACK.test(host)) {
      escapes.push(host);
      process.nextTick(() => this.destroy(new Error(`test tried to reach ${host}, beyond loopback`)));
      return this;
    }
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof original;
  return {
    escapes,
    restore: () => {
      net.Socket.prototype.connect = original;
    },
  };
}

export interface DropinRig {
  readonly server: TestServer;
  readonly subdomain: string;
  readonly authBaseUri: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly mid: number;
  /** A business unit the integration may not reach (a wrong `account_id`). */
  readonly tlsPort: number;
  readonly caPem: string;
  /** Moves the server's clock: tokens the SDK still thinks fresh expire. */
  advanceSeconds(seconds: number): void;
  close(): Promise<void>;
}

/**
 * Packgate in host mode over TLS for `marketingcloudapis.com` (HTTPS on a random port, base URIs
 * without a port, as in Marketing Cloud), with a Server-to-Server integration and a Data
 * Extension, and the drop-in installed in this test process (the same `installDropin` that the
 * `packgate/dropin` preload runs; `dropin-preload.test.ts` proves the preload itself in a child).
 */
export async function startDropinRig(): Promise<DropinRig> {
  let now = Date.now();
  const server = await startTestServer({ settings: { baseDomain: DOMAIN }, now: () => now });
  const subdomain = server.subdomain;
  const admin = createAdminClient({ baseUrl: server.baseUrl, adminKey: server.adminKey });
  const pkg = await admin.createPackage({ sub: subdomain, body: { name: 'SDK proofs' } });
  const integration = await admin.createIntegration({
    sub: subdomain,
    id: pkg.id,
    body: { integrationType: 'server-to-server', scopes: INTEGRATION_SCOPES },
  });
  await admin.createDataExtension({
    sub: subdomain,
    body: {
      mid: pkg.mid,
      name: DE.name,
      key: DE.key,
      fields: [
        { name: 'Email', type: 'EmailAddress', isPrimaryKey: true, isRequired: true },
        { name: 'FirstName', type: 'Text', length: 50 },
        { name: 'Points', type: 'Number' },
      ],
    },
  });
  const tls = server.server.tls;
  if (!tls || !server.server.tlsUrl) throw new Error('host mode without TLS');
  const tlsPort = Number(new URL(server.server.tlsUrl).port);
  const uninstall = installDropin({
    baseDomain: DOMAIN,
    address: '127.0.0.1',
    tlsPort,
    caPem: tls.caCertificatePem,
  });
  const guard = guardLoopback();
  return {
    server,
    subdomain,
    authBaseUri: `https://${subdomain}.auth.${DOMAIN}/`,
    clientId: integration.clientId,
    clientSecret: integration.clientSecret ?? '',
    mid: pkg.mid,
    tlsPort,
    caPem: tls.caCertificatePem,
    advanceSeconds(seconds) {
      now += seconds * 1000;
    },
    async close() {
      guard.restore();
      uninstall();
      await server.close();
      expect(guard.escapes, 'connections beyond loopback').toEqual([]);
    },
  };
}

/** The claims of a Packgate access token (JWT payload). */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString('utf8'));
}
