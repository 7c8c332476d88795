import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { call } from './resource-helpers.js';

const FIXTURE = new URL('../support/serve-dist.mjs', import.meta.url).pathname;
const DIST = new URL('../../dist/index.js', import.meta.url).pathname;

interface Started {
  child: ChildProcess;
  info: Record<string, any>;
}

/** Spawns the built server on `dataDir` and waits for its JSON line. */
function serve(dataDir: string, port = '0'): Promise<Started> {
  const child = spawn(process.execPath, [FIXTURE, dataDir, port], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (line) =>
      resolve({ child, info: JSON.parse(line) }),
    );
  });
}

function kill9(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('durability: a 2xx write survives kill -9 (SQLite, WAL, synchronous=NORMAL)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'packgate-durability-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('rows written over REST survive; an accepted async request completes after restart', async () => {
    expect(existsSync(DIST), 'packages/server/dist is missing: run `npm run build` first').toBe(true);
    const first = await serve(dataDir);
    children.push(first.child);
    const { info } = first;
    const admin = await call('POST', `${info.url}/admin/v1/tenants/${info.subdomain}/data-extensions`, {
      headers: { authorization: `Bearer ${info.adminKey}` },
      body: {
        mid: info.eid,
        name: 'Durable',
        key: 'Durable',
        fields: [
          { name: 'Id', type: 'Number', isPrimaryKey: true },
          { name: 'Note', type: 'Text' },
        ],
      },
    });
    expect(admin.status).toBe(201);
    const tokenRes = await call('POST', `${info.authBaseUri}v2/token`, {
      body: { grant_type: 'client_credentials', client_id: info.clientId, client_secret: info.clientSecret },
    });
    const token = tokenRes.body.access_token as string;
    const rows = Array.from({ length: 50 }, (_, i) => ({ keys: { Id: i }, values: { Note: `n${i}` } }));
    const written = await call('POST', `${info.restBaseUri}hub/v1/dataevents/key:Durable/rowset`, {
      token,
      body: rows,
    });
    expect(written.status).toBe(200);
    const accepted = await call('PUT', `${info.restBaseUri}data/v1/async/dataextensions/key:Durable/rows`, {
      token,
      body: { items: [{ Id: 1000, Note: 'async' }] },
    });
    expect(accepted.status).toBe(202);
    await kill9(first.child);

    // Same port: the base URIs (and so the tokens' issuer) carry it.
    const second = await serve(dataDir, new URL(info.url).port);
    children.push(second.child);
    const read = await call('GET', `${second.info.restBaseUri}data/v1/customobjectdata/key/Durable/rowset`, {
      token,
    });
    expect(read.status, read.text).toBe(200);
    const ids = read.body.items.map((i: any) => Number(i.keys.id));
    for (let i = 0; i < 50; i++) expect(ids).toContain(i);
    let status: any;
    for (let i = 0; i < 500 && status?.requestStatus !== 'Complete'; i++) {
      status = (
        await call('GET', `${second.info.restBaseUri}data/v1/async/${accepted.body.requestId}/status`, {
          token,
        })
      ).body.status;
    }
    expect(status.requestStatus).toBe('Complete');
    const asyncRow = await call(
      'GET',
      `${second.info.restBaseUri}data/v1/customobjectdata/key/Durable/rowset?$filter=Id%20eq%201000`,
      { token },
    );
    expect(asyncRow.body.items[0].values.note).toBe('async');
    await kill9(second.child);
  });
});
