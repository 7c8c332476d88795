#!/usr/bin/env node
// Data Extension row reads over 100 000 rows (issue 8, finding 8). Run after `npm run build`:
//   node bench/data-extension-read-bench.mjs
// Prints, per store (SQLite, and PostgreSQL when reachable), ms per request (median and p99 of
// sequential requests) for: the unfiltered first page (2 500 rows), `$filter` equality matching one
// row, `$filter` on a Boolean matching half the rows (first page), the same sorted by a Number
// column; then `/healthz` latency alone and while 4 parallel readers repeat the one-row filter;
// then the write rates (seeding through writeRows, and 50-row upserts over HTTP).
// The server runs pinned to CPU 1; seeding, load and measurement run in this process.
// env: SECS (default 5) per measurement · ROWS (default 100000) · BENCH_STORES=sqlite,postgres
//      PACKGATE_ROOT: another checkout's root to measure its dist (a before/after comparison)
//      BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test): a server to create
//      and drop one scratch database on
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fetchAccessToken } from './fetch-access-token.mjs';

const here = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = process.env.PACKGATE_ROOT ?? here;
const secs = Number(process.env.SECS ?? 5);
const rowCount = Number(process.env.ROWS ?? 100_000);
const stores = (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',');
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const pg = createRequire(join(here, 'package.json'))('pg');
const dist = (file) => import(pathToFileURL(join(root, 'packages/server/dist', file)).href);

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
const ms = (n) => n.toFixed(n < 10 ? 2 : 1).padStart(7);

/** Sequential requests for `secs`: every answer must be 200 with the expected count. */
async function timed(url, headers, expectCount) {
  const times = [];
  const until = performance.now() + secs * 1000;
  while (performance.now() < until || times.length < 3) {
    const started = performance.now();
    const res = await fetch(url, { headers });
    const body = await res.json();
    times.push(performance.now() - started);
    if (res.status !== 200 || body.count !== expectCount) {
      throw new Error(`${url}: status ${res.status}, count ${body.count} (expected ${expectCount})`);
    }
  }
  times.sort((a, b) => a - b);
  return { median: quantile(times, 0.5), p99: quantile(times, 0.99), n: times.length };
}

/** 50-row upserts of new rows over HTTP from 4 parallel writers for `secs`: rows per second. */
async function upsertRate(url, headers, firstId) {
  let next = firstId;
  let rows = 0;
  const until = performance.now() + secs * 1000;
  const writers = Array.from({ length: 4 }, async () => {
    while (performance.now() < until) {
      const body = Array.from({ length: 50 }, () => {
        const id = next++;
        return {
          keys: { Id: id },
          values: { Email: `user${id}@example.com`, Name: `User ${id}`, Active: true, Score: 1 },
        };
      });
      const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`upsert: status ${res.status}`);
      rows += 50;
    }
  });
  await Promise.all(writers);
  return rows / secs;
}

/** `/healthz` every 10 ms for `secs`, while `readers` loops repeat `url`. */
async function healthUnderLoad(baseUrl, url, headers, readers) {
  let running = true;
  let reads = 0;
  const loops = Array.from({ length: readers }, async () => {
    while (running) {
      const res = await fetch(url, { headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`reader: status ${res.status}`);
      reads++;
    }
  });
  const times = [];
  const until = performance.now() + secs * 1000;
  while (performance.now() < until) {
    const started = performance.now();
    const res = await fetch(`${baseUrl}/healthz`);
    await res.arrayBuffer();
    times.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 10));
  }
  running = false;
  await Promise.all(loops);
  times.sort((a, b) => a - b);
  return {
    p50: quantile(times, 0.5),
    p99: quantile(times, 0.99),
    n: times.length,
    readsPerSec: reads / secs,
  };
}

async function benchStore(kind) {
  const work = mkdtempSync(join(tmpdir(), 'packgate-de-read-bench-'));
  const database = `packgate_bench_${Math.random().toString(36).slice(2, 10)}`;
  const databaseUrl = `${adminUrl.replace(/\/[^/]*$/, '')}/${database}`;
  let server;
  try {
    const extra = { restRateLimitPerMinute: '1000000' };
    if (kind === 'postgres') {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`create database ${database}`);
      await admin.end();
      extra.databaseUrl = databaseUrl;
    }
    server = spawn(
      'taskset',
      [
        '-c',
        '1',
        process.execPath,
        join(root, 'packages/server/test/support/serve-dist.mjs'),
        join(work, 'data'),
        '0',
        JSON.stringify(extra),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const info = JSON.parse(
      await new Promise((r) => createInterface({ input: server.stdout }).once('line', r)),
    );
    const admin = { authorization: `Bearer ${info.adminKey}`, 'content-type': 'application/json' };
    const created = await fetch(`${info.url}/admin/v1/tenants/${info.subdomain}/data-extensions`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({
        mid: info.eid,
        name: 'Bench',
        key: 'Bench',
        fields: [
          { name: 'Id', type: 'Number', isPrimaryKey: true },
          { name: 'Email', type: 'EmailAddress' },
          { name: 'Name', type: 'Text', length: 100 },
          { name: 'Active', type: 'Boolean' },
          { name: 'Score', type: 'Number' },
        ],
      }),
    });
    if (created.status !== 201) throw new Error(`creating the DE: ${created.status} ${await created.text()}`);

    // Seeding through the measured checkout's own write path, in this process (same store).
    const { openStore } = await dist('storage/store.js');
    const { writeRows } = await dist('resources/data-extensions/write-rows.js');
    const store = await openStore(kind === 'postgres' ? { databaseUrl } : { dataDir: join(work, 'data') });
    const de = await store.dataExtensions.findDataExtensionByKey(info.eid, 'Bench');
    const seedStarted = performance.now();
    for (let i = 0; i < rowCount; i += 2500) {
      const rows = Array.from({ length: Math.min(2500, rowCount - i) }, (_, j) => {
        const id = i + j + 1;
        return {
          Id: id,
          Email: `user${id}@example.com`,
          Name: `User ${id}`,
          Active: id % 2 === 0,
          Score: (id * 7919) % 100_003,
        };
      });
      await writeRows(store, de, rows, { mode: 'upsert', atomic: true, now: Date.now() });
    }
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    await store.close();
    // Seeding held this event loop: let it see the sockets the server closed meanwhile.
    await new Promise((r) => setTimeout(r, 100));

    const token = await fetchAccessToken(info);
    const headers = { authorization: `Bearer ${token}` };
    const rowset = (q) =>
      `${info.restBaseUri}data/v1/customobjectdata/key/Bench/rowset?${new URLSearchParams(q)}`;
    const target = Math.floor(rowCount * 0.7);
    const oneRow = rowset({ $filter: `Email eq 'USER${target}@example.com'` });
    const cases = [
      ['unfiltered first page (2 500 rows)', rowset({}), rowCount],
      ['unfiltered first page of 50 rows', rowset({ $pageSize: '50' }), rowCount],
      ['$filter Email eq … (1 row)', oneRow, 1],
      [
        '$filter Active eq true (first 2 500)',
        rowset({ $filter: 'Active eq true' }),
        Math.floor(rowCount / 2),
      ],
      [
        '… and $orderBy Score desc',
        rowset({ $filter: 'Active eq true', $orderBy: 'Score desc' }),
        Math.floor(rowCount / 2),
      ],
    ];
    console.log(`\n-- ${kind}: ${rowCount} rows (seeded in ${seedSeconds.toFixed(1)} s), ${root} --`);
    console.log('read                                        median ms   p99 ms   requests');
    for (const [name, url, count] of cases) {
      const r = await timed(url, headers, count);
      console.log(`${name.padEnd(42)} ${ms(r.median)}  ${ms(r.p99)}   ${r.n}`);
    }
    const idle = await healthUnderLoad(info.url, oneRow, headers, 0);
    const loaded = await healthUnderLoad(info.url, oneRow, headers, 4);
    const written = await upsertRate(
      `${info.restBaseUri}hub/v1/dataevents/key:Bench/rowset`,
      { ...headers, 'content-type': 'application/json' },
      rowCount + 1,
    );
    console.log(`seeding through writeRows                   ${(rowCount / seedSeconds).toFixed(0)} rows/s`);
    console.log(`POST rowset, 50-row upserts, 4 writers      ${written.toFixed(0)} rows/s (after the reads)`);
    console.log(
      `/healthz alone                              p50 ${ms(idle.p50)}  p99 ${ms(idle.p99)}  (${idle.n} probes)`,
    );
    console.log(
      `/healthz with 4 one-row filter readers      p50 ${ms(loaded.p50)}  p99 ${ms(loaded.p99)}  (${loaded.n} probes, ${loaded.readsPerSec.toFixed(0)} filtered reads/s)`,
    );
  } finally {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    rmSync(work, { recursive: true, force: true });
    if (kind === 'postgres') {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${database} with (force)`);
      await admin.end();
    }
  }
}

async function postgresReachable() {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

for (const kind of stores) {
  if (kind === 'postgres' && !(await postgresReachable())) {
    console.log(`\n-- postgres: unreachable at ${adminUrl}, skipped --`);
    continue;
  }
  await benchStore(kind);
}
