import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect } from 'vitest';

const FIXTURE = new URL('./serve-dist.mjs', import.meta.url).pathname;
const DIST = new URL('../../dist/index.js', import.meta.url).pathname;

/** What serve-dist.mjs prints once listening. */
export interface ServedInfo {
  readonly url: string;
  readonly subdomain: string;
  readonly eid: number;
  readonly authBaseUri: string;
  readonly restBaseUri: string;
  readonly soapBaseUri: string;
  readonly adminKey: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface ServedProcess {
  readonly child: ChildProcess;
  readonly info: ServedInfo;
  readonly subdomain: string;
  readonly eid: number;
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** A client_credentials token of the demo package. */
  token(): Promise<string>;
  kill(): Promise<void>;
}

/**
 * The built server in a process of its own (a fresh data dir, the demo package): for tests
 * where the client must not share the server's event loop.
 */
export async function serveDist(settings: Record<string, string> = {}): Promise<ServedProcess> {
  expect(existsSync(DIST), 'packages/server/dist is missing: run `npm run build` first').toBe(true);
  const dataDir = mkdtempSync(join(tmpdir(), 'packgate-served-'));
  const child = spawn(process.execPath, [FIXTURE, dataDir, '0', JSON.stringify(settings)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const info = await new Promise<ServedInfo>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (line) =>
      resolve(JSON.parse(line)),
    );
  });
  return {
    child,
    info,
    subdomain: info.subdomain,
    eid: info.eid,
    async admin(method, path, body) {
      const res = await fetch(`${info.url}/admin/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${info.adminKey}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    async token() {
      const res = await fetch(`${info.authBaseUri}v2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: info.clientId,
          client_secret: info.clientSecret,
        }),
      });
      return ((await res.json()) as { access_token: string }).access_token;
    },
    async kill() {
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        });
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
