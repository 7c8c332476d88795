#!/usr/bin/env node
// Resource API benchmark (issue 4). Run after `npm run build`: node bench/resource-bench.mjs
// Prints, from one run on this machine:
//   - req/s of the Fastify hello-world anchor (../shared/bench, via its token-bench.sh harness)
//   - req/s of a bearer-checked GET {rest}platform/v1/tokenContext (wrk + a Lua script), and the ratio
//   - rows/s of 50-row upserts (POST hub/v1/dataevents/key:…/rowset, distinct keys per request)
//   - rows/s of raw 50-row upsert transactions into the same store (repository call, no HTTP)
// Servers run pinned to CPU 1, wrk to CPU 0 (LOADGEN_CPU). SECS (default 10) sets each load's length.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { fetchAccessToken } from './fetch-access-token.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shared = join(root, '..', 'shared', 'bench');
const secs = Number(process.env.SECS ?? 10);
const serverCpu = process.env.SERVER_CPU ?? '1';
const loadCpu = process.env.LOADGEN_CPU ?? '0';
const work = mkdtempSync(join(tmpdir(), 'packgate-resource-bench-'));
const children = [];

function pinned(cpu, cmd, args, opts = {}) {
  return spawn('taskset', ['-c', cpu, cmd, ...args], { stdio: ['ignore', 'pipe', 'inherit'], ...opts });
}

async function waitFor(url) {
  for (let i = 0; i < 200; i++) {
    try {
      await fetch(url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`${url} did not come up`);
}

/** wrk with a Lua script; returns req/s and the non-2xx count the script prints. */
function wrk(url, lua, connections = 32) {
  const script = join(work, `s${Math.random().toString(36).slice(2)}.lua`);
  writeFileSync(
    script,
    `${lua}
-- done() runs in wrk's main Lua state, which never sees the threads' globals: count from the summary.
function done(summary) io.write(string.format("NON2XX %d\\n", summary.errors.status + summary.errors.timeout)) end
`,
  );
  const run = (d) =>
    execFileSync(
      'taskset',
      ['-c', loadCpu, 'wrk', '-t1', `-c${connections}`, `-d${d}s`, '--timeout', '5s', '-s', script, url],
      {
        encoding: 'utf8',
      },
    );
  run(2); // warm-up, unrecorded
  const out = run(secs);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? Number.NaN);
  const non2xx = Number(/NON2XX (\d+)/.exec(out)?.[1] ?? Number.NaN);
  return { rps, non2xx };
}

try {
  // 1. Fastify hello-world anchor through the shared harness.
  const anchorPort = 3112;
  const anchor = pinned(serverCpu, process.execPath, ['servers/fastify.mjs'], {
    cwd: shared,
    env: { ...process.env, PORT: String(anchorPort) },
  });
  children.push(anchor);
  await waitFor(`http://127.0.0.1:${anchorPort}/v2/token`);
  const bodyFile = join(work, 'empty.json');
  writeFileSync(bodyFile, '{}');
  const line = execFileSync(
    join(shared, 'token-bench.sh'),
    [`http://127.0.0.1:${anchorPort}/v2/token`, bodyFile, 'application/json', String(secs)],
    {
      encoding: 'utf8',
      env: { ...process.env, LOADGEN_CPU: loadCpu, PREFLIGHT: '0' },
    },
  );
  const fastifyRps = Number(/req\/s=([\d.]+)/.exec(line)?.[1]);
  anchor.kill('SIGTERM');

  // 2. Packgate from dist, pinned.
  const dataDir = join(work, 'data');
  const pg = pinned(serverCpu, process.execPath, [
    join(root, 'packages/server/test/support/serve-dist.mjs'),
    dataDir,
    '3113',
    // The default REST budget (2500/min per client) would answer nearly every request with 429:
    // a budget no run can spend keeps the limiter's cost in the measurement without its 429s.
    JSON.stringify({ restRateLimitPerMinute: '1000000' }),
  ]);
  children.push(pg);
  const info = JSON.parse(await new Promise((r) => createInterface({ input: pg.stdout }).once('line', r)));
  const admin = { authorization: `Bearer ${info.adminKey}`, 'content-type': 'application/json' };
  const de = await (
    await fetch(`${info.url}/admin/v1/tenants/${info.subdomain}/data-extensions`, {
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
        ],
      }),
    })
  ).json();
  const token = await fetchAccessToken(info);

  const get = wrk(
    `${info.restBaseUri}platform/v1/tokenContext`,
    `wrk.headers["Authorization"] = "Bearer ${token}"`,
  );
  const upsert = wrk(
    `${info.restBaseUri}hub/v1/dataevents/key:Bench/rowset`,
    `wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer ${token}"
wrk.headers["Content-Type"] = "application/json"
local n = 0
function request()
  n = n + 1
  local rows = {}
  for i = 1, 50 do
    local id = n * 50 + i
    rows[i] = string.format('{"keys":{"Id":%d},"values":{"Email":"u%d@example.com","Name":"User %d"}}', id, id, id)
  end
  return wrk.format(nil, nil, nil, "[" .. table.concat(rows, ",") .. "]")
end`,
    8,
  );
  pg.kill('SIGTERM');
  await new Promise((r) => pg.once('exit', r));

  // 3. Raw 50-row upserts into the same store, in this process (no HTTP, no validation).
  const { openStore } = await import(join(root, 'packages/server/dist/storage/store.js'));
  const { rowTermsOf } = await import(
    join(root, 'packages/server/dist/resources/data-extensions/row-terms.js')
  );
  const store = await openStore({ dataDir });
  const definition = await store.dataExtensions.findDataExtensionById(info.eid, de.id);
  let rows = 0;
  let n = 10_000_000;
  const started = performance.now();
  while (performance.now() - started < secs * 1000) {
    const batch = Array.from({ length: 50 }, () => {
      n++;
      const values = { Id: String(n), Email: `u${n}@example.com`, Name: `User ${n}` };
      // Each row with its index terms, as writeRows stores it.
      return { rowKey: JSON.stringify([String(n)]), values, terms: rowTermsOf(definition, values) };
    });
    await store.transaction((repos) => repos.dataExtensions.upsertRows(de.id, batch, Date.now()));
    rows += 50;
  }
  const rawRowsPerSec = rows / ((performance.now() - started) / 1000);
  await store.close();

  const pct = (get.rps / fastifyRps) * 100;
  console.log(`fastify hello-world (POST anchor)       ${fastifyRps.toFixed(0)} req/s`);
  console.log(
    `GET platform/v1/tokenContext (bearer)    ${get.rps.toFixed(0)} req/s  = ${pct.toFixed(0)} % of Fastify (target ≥ 60 %)  non2xx=${get.non2xx}`,
  );
  console.log(
    `POST rowset, 50-row upserts (HTTP)       ${(upsert.rps * 50).toFixed(0)} rows/s (${upsert.rps.toFixed(0)} req/s)  non2xx=${upsert.non2xx}`,
  );
  if (get.non2xx > 0 || upsert.non2xx > 0) {
    console.log('WARNING: non-2xx answers above: those numbers measure errors, not the API');
  }
  console.log(
    `raw 50-row upserts into the same store   ${rawRowsPerSec.toFixed(0)} rows/s (SQLite, repository call)`,
  );
} finally {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
}
