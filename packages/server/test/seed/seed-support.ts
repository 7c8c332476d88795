import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type RawSettings } from '../../src/config/config.js';
import { secretChecksum } from '../../src/setup/secrets/secret-format.js';
import { type RunningServer, startServer } from '../../src/start-server.js';
import type { Backend } from '../support/backends.js';

/** A valid client secret built from a 51-character body (checksum computed). */
export function secretFrom(body: string): string {
  const head = `SFMC_${body}`;
  return head + secretChecksum(head);
}

/**
 * One store (a SQLite data dir or a PostgreSQL schema) that servers are started on, again and
 * again, each with a seed file of its own: what a CI job does on every run.
 */
export function seedStore(backend: Backend) {
  const dir = mkdtempSync(join(tmpdir(), 'packgate-seed-'));
  const dataDir = join(dir, 'data');
  const options = backend.serverOptions();
  let files = 0;
  return {
    dir,
    /** Writes `seed` (an object, or raw text) to a file of its own and returns the path. */
    writeSeed(seed: unknown): string {
      const file = join(dir, `seed-${++files}.json`);
      writeFileSync(file, typeof seed === 'string' ? seed : JSON.stringify(seed, null, 2));
      return file;
    },
    start(seedFile: string | undefined, settings: RawSettings = {}): Promise<RunningServer> {
      const config = parseConfig({
        port: '0',
        dataDir,
        logLevel: 'silent',
        ...(options.postgres ? { databaseUrl: options.postgres.url } : {}),
        ...(seedFile ? { seedFile } : {}),
        ...settings,
      });
      return startServer(config, {
        demo: false,
        ...(options.postgres ? { database: { postgresSchema: options.postgres.schema } } : {}),
      });
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The admin API of a running server, with its operator key. */
export async function admin(server: RunningServer, method: string, path: string, body?: unknown) {
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
}

/** A client_credentials token request against a tenant in path mode. */
export async function requestToken(
  server: RunningServer,
  subdomain: string,
  body: Record<string, unknown>,
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/${subdomain}/auth/v2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', ...body }),
  });
  return { status: res.status, body: await res.json() };
}
