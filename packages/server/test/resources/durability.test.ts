import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS, POSTGRES_URL } from '../support/backends.js';
import { call, soapEnvelope } from './resource-helpers.js';

const FIXTURE = new URL('../support/serve-dist.mjs', import.meta.url).pathname;
const DIST = new URL('../../dist/index.js', import.meta.url).pathname;

interface Started {
  child: ChildProcess;
  info: Record<string, any>;
}

/** Spawns the built server on `dataDir` (and `settings`) and waits for its JSON line. */
function serve(dataDir: string, port = '0', settings: Record<string, string> = {}): Promise<Started> {
  const child = spawn(process.execPath, [FIXTURE, dataDir, port, JSON.stringify(settings)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
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

/** A database of its own on the test PostgreSQL (the served process migrates it from empty). */
async function createDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `packgate_durability_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

const STORES = BACKENDS.map((b) => b.name);

describe.each(STORES)('durability: a 2xx write survives kill -9 (%s)', (store) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'packgate-durability-'));
  const children: ChildProcess[] = [];
  let database: Awaited<ReturnType<typeof createDatabase>> | undefined;
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  });

  it('rows written over REST and SOAP survive; an accepted async request completes after restart', async () => {
    expect(existsSync(DIST), 'packages/server/dist is missing: run `npm run build` first').toBe(true);
    if (store === 'postgres') database = await createDatabase();
    const settings: Record<string, string> = database ? { databaseUrl: database.url } : {};
    const first = await serve(dataDir, '0', settings);
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
    const soapWrite = await call('POST', `${info.soapBaseUri}Service.asmx`, {
      raw: soapEnvelope(
        token,
        '<CreateRequest xmlns="http://exacttarget.com/wsdl/partnerAPI"><Objects xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="DataExtensionObject">' +
          '<CustomerKey>Durable</CustomerKey><Properties><Property><Name>Id</Name><Value>2000</Value></Property>' +
          '<Property><Name>Note</Name><Value>soap</Value></Property></Properties></Objects></CreateRequest>',
      ),
      contentType: 'text/xml',
    });
    expect(soapWrite.status, soapWrite.text).toBe(200);
    expect(soapWrite.text).toContain('<OverallStatus>OK</OverallStatus>');
    await kill9(first.child);

    // Same port: the base URIs (and so the tokens' issuer) carry it.
    const second = await serve(dataDir, new URL(info.url).port, settings);
    children.push(second.child);
    const read = await call('GET', `${second.info.restBaseUri}data/v1/customobjectdata/key/Durable/rowset`, {
      token,
    });
    expect(read.status, read.text).toBe(200);
    const ids = read.body.items.map((i: any) => Number(i.keys.id));
    for (let i = 0; i < 50; i++) expect(ids).toContain(i);
    expect(ids).toContain(2000);
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
