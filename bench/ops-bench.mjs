#!/usr/bin/env node
// Issue 11 benchmarks, every ratio from this one run (run after `npm run build`):
//   token endpoint on SQLite vs the harness's reference (ref-eddsa-nodecrypto) and oidc-provider
//   (JWT, EdDSA); on PostgreSQL with PACKGATE_PROPAGATION_SECONDS 0 and 5 vs SQLite; at log level
//   info vs warn; optionally vs a baseline build (BENCH_BASELINE=path/to/dist/main.js: the metrics
//   cost); bearer-checked REST GET vs Fastify hello-world; introspection req/s; p99 at c=32;
//   RSS after TOKEN_TOTAL token requests and with BIG_INTEGRATIONS integrations.
// Every server runs pinned to SERVER_CPU (1), wrk to LOADGEN_CPU (0), through the shared harness's
// token-bench.sh; the variants are loaded round-robin (RUNS rounds, median) so drift hits all alike.
// env: BENCH_QUICK=1 (1 round × 3 s, 20 000 requests, 2 000 integrations: a smoke test, not a result)
//      SECS RUNS CONNS TOKEN_TOTAL BIG_INTEGRATIONS  BENCH_DATABASE_URL (a PostgreSQL server; a
//      database `packgate_bench_<pid>` is created there and dropped at the end)  BENCH_OUT=file.md
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const harness = resolve(root, '../shared/bench');
const quick = process.env.BENCH_QUICK === '1';
const SECS = Number(process.env.SECS ?? (quick ? 3 : 10));
const RUNS = Number(process.env.RUNS ?? (quick ? 1 : 3));
const CONNS = Number(process.env.CONNS ?? 32);
const TOKEN_TOTAL = Number(process.env.TOKEN_TOTAL ?? (quick ? 20_000 : 1_000_000));
const INTEGRATIONS = Number(process.env.INTEGRATIONS ?? (quick ? 200 : 1000));
const BIG_INTEGRATIONS = Number(process.env.BIG_INTEGRATIONS ?? (quick ? 2_000 : 100_000));
const SERVER_CPU = process.env.SERVER_CPU ?? '1';
const LOADGEN_CPU = process.env.LOADGEN_CPU ?? '0';
const PG_SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BASELINE = process.env.BENCH_BASELINE;
const main = join(root, 'packages/server/dist/main.js');

function need(condition, message) {
  if (!condition) {
    console.error(`ops-bench: ${message}`);
    process.exit(1);
  }
}
need(existsSync(main), 'build first: npm run build');
need(existsSync(join(harness, 'token-bench.sh')), `the shared harness is missing at ${harness}`);
need(existsSync(join(harness, 'node_modules/oidc-provider')), `run npm ci in ${harness}`);

const work = mkdtempSync(join(tmpdir(), 'packgate-ops-bench-'));
const children = [];
const log = (m) => console.error(`ops-bench: ${m}`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function seed(dataDir, count, extraEnv = {}) {
  const body = join(dataDir, '..', `body-${Math.random().toString(36).slice(2)}.json`);
  mkdirSync(dataDir, { recursive: true });
  const out = execFileSync('node', [join(root, 'bench/seed-token-store.mjs'), dataDir, body, String(count)], {
    encoding: 'utf8',
    env: { ...process.env, ...extraEnv },
  });
  return { ...JSON.parse(out), body };
}

let nextPort = 3300 + (process.pid % 500);
/** Starts a server pinned to SERVER_CPU; resolves once it answers HTTP at all. */
async function startServer(name, script, env, cwd = root) {
  const port = nextPort++;
  const logFile = openSync(join(work, `server-${name}.log`), 'w');
  const child = spawn('taskset', ['-c', SERVER_CPU, process.execPath, script], {
    cwd,
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), ...env },
    stdio: ['ignore', logFile, logFile],
  });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 400; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited (see ${join(work, `server-${name}.log`)})`);
    try {
      await fetch(`${url}/`, { signal: AbortSignal.timeout(500) });
      return { name, url, pid: child.pid, child };
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`${name} did not come up`);
}

/** One token-bench.sh load: req/s, p50, p99, non-2xx, requests. */
function load(url, bodyFile, contentType, secs = SECS, extraEnv = {}) {
  const line = execFileSync(
    join(harness, 'token-bench.sh'),
    [url, bodyFile, contentType, String(secs), String(CONNS)],
    {
      encoding: 'utf8',
      env: { ...process.env, LOADGEN_CPU, WARMUP: '1', PREFLIGHT: '0', ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const num = (k) => Number(new RegExp(`${k}=([\\d.]+)`).exec(line)?.[1] ?? Number.NaN);
  return {
    rps: num('req/s'),
    p50: num('p50_ms'),
    p99: num('p99_ms'),
    non2xx: num('non2xx'),
    requests: num('requests'),
  };
}

/** wrk with a Lua script (GET with a bearer, or cycling bodies); req/s, p99 and non-2xx. */
function wrkLua(url, lua, secs = SECS) {
  const script = join(work, `s${Math.random().toString(36).slice(2)}.lua`);
  writeFileSync(
    script,
    `${lua}
function done(summary, latency, requests)
  io.write(string.format("NON2XX %d\\nP99US %d\\nREQS %d\\n", summary.errors.status + summary.errors.timeout, latency:percentile(99), summary.requests))
end
`,
  );
  const out = execFileSync(
    'taskset',
    ['-c', LOADGEN_CPU, 'wrk', '-t1', `-c${CONNS}`, `-d${secs}s`, '--timeout', '5s', '-s', script, url],
    { encoding: 'utf8' },
  );
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? Number.NaN),
    p99: Number(/P99US (\d+)/.exec(out)?.[1] ?? Number.NaN) / 1000,
    non2xx: Number(/NON2XX (\d+)/.exec(out)?.[1] ?? Number.NaN),
    requests: Number(/REQS (\d+)/.exec(out)?.[1] ?? Number.NaN),
  };
}

const rssMiB = (pid) => {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN);
  return kb / 1024;
};

async function postJson(url, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const json = await res.json();
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const pgDatabase = `packgate_bench_${process.pid}`;
const admin = new pg.Client({ connectionString: PG_SERVER });
let pgCreated = false;
try {
  const [l1, l5] = loadavg();
  log(
    `load average ${l1.toFixed(1)} / ${l5.toFixed(1)} (1 / 5 min) on ${execFileSync('nproc', { encoding: 'utf8' }).trim()} cores${l1 > 0.5 ? ' — machine not idle: numbers are noisy' : ''}`,
  );
  const sqlite = seed(join(work, 'sqlite'), INTEGRATIONS);
  await admin.connect();
  await admin.query(`create database ${pgDatabase}`);
  pgCreated = true;
  const pgUrl = new URL(PG_SERVER);
  pgUrl.pathname = `/${pgDatabase}`;
  const postgres = seed(join(work, 'pg'), INTEGRATIONS, { SEED_DATABASE_URL: pgUrl.href });
  log(`seeded ${INTEGRATIONS} integrations in SQLite and in PostgreSQL (${pgDatabase})`);

  const packgateEnv = (extra) => ({
    PACKGATE_LOG_LEVEL: 'warn',
    PACKGATE_REST_RATE_LIMIT_PER_MINUTE: '1000000',
    ...extra,
  });
  const json = 'application/json';
  const form = 'application/x-www-form-urlencoded';
  const variants = [
    {
      name: 'reference',
      script: join(harness, 'servers/reference-token.mjs'),
      env: { REF_ALG: 'EdDSA', REF_SIGNER: 'node' },
      path: '/v2/token',
      body: join(harness, 'bodies/token-request.json'),
      ct: json,
      cwd: harness,
    },
    {
      name: 'oidc-provider',
      script: join(harness, 'servers/oidc-provider.mjs'),
      env: { OIDC_MODE: 'jwt', OIDC_JWT_ALG: 'EdDSA' },
      path: '/token',
      body: join(harness, 'bodies/oidc-client-credentials.form'),
      ct: form,
      cwd: harness,
    },
    {
      name: 'fastify',
      script: join(harness, 'servers/fastify.mjs'),
      env: {},
      path: '/v2/token',
      body: join(work, 'empty.json'),
      ct: json,
      cwd: harness,
    },
    {
      name: 'sqlite',
      script: main,
      env: packgateEnv({ PACKGATE_DATA_DIR: join(work, 'sqlite') }),
      path: `/${sqlite.subdomain}/auth/v2/token`,
      body: sqlite.body,
      ct: json,
    },
    {
      name: 'sqlite-info',
      script: main,
      env: packgateEnv({ PACKGATE_DATA_DIR: join(work, 'sqlite'), PACKGATE_LOG_LEVEL: 'info' }),
      path: `/${sqlite.subdomain}/auth/v2/token`,
      body: sqlite.body,
      ct: json,
    },
    {
      name: 'pg-p0',
      script: main,
      env: packgateEnv({
        PACKGATE_DATA_DIR: join(work, 'pg'),
        PACKGATE_DATABASE_URL: pgUrl.href,
        PACKGATE_PROPAGATION_SECONDS: '0',
      }),
      path: `/${postgres.subdomain}/auth/v2/token`,
      body: postgres.body,
      ct: json,
    },
    {
      name: 'pg-p5',
      script: main,
      env: packgateEnv({
        PACKGATE_DATA_DIR: join(work, 'pg'),
        PACKGATE_DATABASE_URL: pgUrl.href,
        PACKGATE_PROPAGATION_SECONDS: '5',
      }),
      path: `/${postgres.subdomain}/auth/v2/token`,
      body: postgres.body,
      ct: json,
    },
  ];
  if (BASELINE) {
    need(existsSync(BASELINE), `BENCH_BASELINE not found: ${BASELINE}`);
    variants.push({
      name: 'baseline',
      script: resolve(BASELINE),
      env: packgateEnv({ PACKGATE_DATA_DIR: join(work, 'sqlite') }),
      path: `/${sqlite.subdomain}/auth/v2/token`,
      body: sqlite.body,
      ct: json,
    });
  }
  writeFileSync(join(work, 'empty.json'), '{}');
  const servers = {};
  for (const v of variants)
    servers[v.name] = { ...(await startServer(v.name, v.script, v.env, v.cwd)), ...v };
  log(`started ${variants.map((v) => v.name).join(', ')}`);
  // Every server answers before anything is measured (a preflight per variant).
  for (const v of variants) load(`${servers[v.name].url}${v.path}`, v.body, v.ct, 1, { PREFLIGHT: '1' });

  // The bearer-checked GET and introspection on the SQLite instance.
  const s = servers.sqlite;
  const issued = await postJson(`${s.url}${s.path}`, readFileSync(sqlite.body, 'utf8'));
  const credentials = JSON.parse(readFileSync(sqlite.body, 'utf8'));
  const introspectBody = join(work, 'introspect.json');
  writeFileSync(
    introspectBody,
    JSON.stringify({
      token: issued.access_token,
      client_id: credentials.client_id,
      client_secret: credentials.client_secret,
    }),
  );
  const restUrl = `${s.url}/${sqlite.subdomain}/rest/platform/v1/tokenContext`;
  const introspectUrl = `${s.url}/${sqlite.subdomain}/auth/v2/introspect`;

  const results = Object.fromEntries(
    [...variants.map((v) => v.name), 'rest-get', 'introspect'].map((n) => [n, []]),
  );
  for (let round = 1; round <= RUNS; round++) {
    for (const v of variants) results[v.name].push(load(`${servers[v.name].url}${v.path}`, v.body, v.ct));
    results['rest-get'].push(
      wrkLua(restUrl, `wrk.headers["Authorization"] = "Bearer ${issued.access_token}"`),
    );
    results.introspect.push(load(introspectUrl, introspectBody, json));
    log(
      `round ${round}/${RUNS}: ${Object.entries(results)
        .map(([n, r]) => `${n} ${r.at(-1).rps.toFixed(0)}`)
        .join(' · ')}`,
    );
  }
  const m = Object.fromEntries(
    Object.entries(results).map(([n, r]) => [
      n,
      {
        rps: median(r.map((x) => x.rps)),
        p99: median(r.map((x) => x.p99)),
        non2xx: r.reduce((a, x) => a + x.non2xx, 0),
      },
    ]),
  );
  for (const v of variants) if (v.name !== 'sqlite') servers[v.name].child.kill('SIGTERM');

  // RSS of the SQLite instance after TOKEN_TOTAL token requests (counting those above).
  const rssStart = rssMiB(s.pid);
  let served = 0;
  while (served < TOKEN_TOTAL) {
    const left = TOKEN_TOTAL - served;
    const secs = Math.max(1, Math.min(120, Math.ceil(left / Math.max(1, m.sqlite.rps)) + 1));
    served += load(`${s.url}${s.path}`, s.body, json, secs, { WARMUP: '0' }).requests;
  }
  const rssAfterTokens = rssMiB(s.pid);
  log(`RSS ${rssStart.toFixed(0)} → ${rssAfterTokens.toFixed(0)} MiB after ${served} more token requests`);
  s.child.kill('SIGTERM');

  // RSS with BIG_INTEGRATIONS integrations: idle after boot, then after a token for each of them.
  log(`seeding ${BIG_INTEGRATIONS} integrations (SQLite)…`);
  const bodies = join(work, 'big-bodies.jsonl');
  const big = seed(join(work, 'big'), BIG_INTEGRATIONS, { SEED_CLIENTS_FILE: bodies });
  const b = await startServer('big', main, packgateEnv({ PACKGATE_DATA_DIR: join(work, 'big') }));
  await new Promise((r) => setTimeout(r, 1000));
  const rssBigIdle = rssMiB(b.pid);
  let bigServed = 0;
  let bigNon2xx = 0;
  while (bigServed < BIG_INTEGRATIONS * 1.2) {
    const r = wrkLua(
      `${b.url}/${big.subdomain}/auth/v2/token`,
      `local bodies = {}
for line in io.lines("${bodies}") do bodies[#bodies + 1] = line end
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
function request()
  i = i + 1
  if i > #bodies then i = 1 end
  return wrk.format(nil, nil, nil, bodies[i])
end`,
      Math.max(
        2,
        Math.min(120, Math.ceil((BIG_INTEGRATIONS * 1.2 - bigServed) / Math.max(1, m.sqlite.rps * 0.5))),
      ),
    );
    bigServed += r.requests;
    bigNon2xx += r.non2xx;
  }
  const rssBigWarm = rssMiB(b.pid);
  b.child.kill('SIGTERM');

  const ratio = (a, c) => (a / c).toFixed(2);
  const row = (what, value, target, ok) =>
    `| ${what} | ${value} | ${target} | ${ok === undefined ? '' : ok ? 'met' : '**missed**'} |`;
  const lines = [
    `Run: ${new Date().toISOString()}, ${RUNS} round(s) × ${SECS} s at ${CONNS} connections, medians; load average before start ${l1.toFixed(1)}${quick ? ' — BENCH_QUICK smoke run: not a result' : ''}.`,
    '',
    '| measurement | value | target | |',
    '|---|---|---|---|',
    row(
      `token, SQLite (${INTEGRATIONS.toLocaleString('en')} integrations)`,
      `${m.sqlite.rps.toFixed(0)} req/s`,
      '',
      undefined,
    ),
    row(
      '… vs reference (ref-eddsa-nodecrypto)',
      `${ratio(m.sqlite.rps, m.reference.rps)}× (${m.reference.rps.toFixed(0)} req/s)`,
      '≥ 0.95×',
      m.sqlite.rps / m.reference.rps >= 0.95,
    ),
    row(
      '… vs oidc-provider (JWT, EdDSA)',
      `${ratio(m.sqlite.rps, m['oidc-provider'].rps)}× (${m['oidc-provider'].rps.toFixed(0)} req/s)`,
      '≥ 3×',
      m.sqlite.rps / m['oidc-provider'].rps >= 3,
    ),
    row(
      'token, PostgreSQL, propagation 0 s, vs SQLite',
      `${ratio(m['pg-p0'].rps, m.sqlite.rps)}× (${m['pg-p0'].rps.toFixed(0)} req/s)`,
      '≥ 0.7×',
      m['pg-p0'].rps / m.sqlite.rps >= 0.7,
    ),
    row(
      'token, PostgreSQL, propagation 5 s, vs SQLite',
      `${ratio(m['pg-p5'].rps, m.sqlite.rps)}× (${m['pg-p5'].rps.toFixed(0)} req/s)`,
      '≥ 0.7×',
      m['pg-p5'].rps / m.sqlite.rps >= 0.7,
    ),
    row('token p99 at c=32 (SQLite)', `${m.sqlite.p99} ms`, '≤ 15 ms', m.sqlite.p99 <= 15),
    row(
      'token, log level info vs warn',
      `${ratio(m['sqlite-info'].rps, m.sqlite.rps)}× (${m['sqlite-info'].rps.toFixed(0)} req/s)`,
      '',
      undefined,
    ),
    ...(BASELINE
      ? [
          row(
            'token with metrics vs baseline build (metrics cost)',
            `${ratio(m.sqlite.rps, m.baseline.rps)}× (${m.baseline.rps.toFixed(0)} req/s)`,
            '≥ 0.97×',
            m.sqlite.rps / m.baseline.rps >= 0.97,
          ),
        ]
      : []),
    row(
      'REST GET platform/v1/tokenContext (bearer) vs Fastify hello',
      `${ratio(m['rest-get'].rps, m.fastify.rps)}× (${m['rest-get'].rps.toFixed(0)} vs ${m.fastify.rps.toFixed(0)} req/s)`,
      '≥ 0.75×',
      m['rest-get'].rps / m.fastify.rps >= 0.75,
    ),
    row(
      'introspection (access token)',
      `${m.introspect.rps.toFixed(0)} req/s`,
      '≥ 5 000 req/s',
      m.introspect.rps >= 5000,
    ),
    row(
      `RSS after ${TOKEN_TOTAL.toLocaleString('en')} token requests`,
      `${rssAfterTokens.toFixed(0)} MiB (${rssStart.toFixed(0)} MiB after the rounds above)`,
      'report',
      undefined,
    ),
    row(
      `RSS with ${BIG_INTEGRATIONS.toLocaleString('en')} integrations`,
      `${rssBigIdle.toFixed(0)} MiB idle; ${rssBigWarm.toFixed(0)} MiB after ${bigServed.toLocaleString('en')} tokens over all of them`,
      'report',
      undefined,
    ),
  ];
  const non2xx = Object.entries(m).filter(([, r]) => r.non2xx > 0);
  if (non2xx.length > 0 || bigNon2xx > 0) {
    lines.push(
      '',
      `WARNING: non-2xx answers (${[...non2xx.map(([n, r]) => `${n} ${r.non2xx}`), `big ${bigNon2xx}`].join(', ')}): those numbers measure errors`,
    );
  }
  const table = lines.join('\n');
  console.log(`\n== Operations benchmarks (issue 11) ==\n${table}`);
  if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, `${table}\n`);
} finally {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  if (pgCreated) {
    await new Promise((r) => setTimeout(r, 500));
    await admin
      .query(`drop database if exists ${pgDatabase} with (force)`)
      .catch((e) => log(`drop ${pgDatabase}: ${e.message}`));
  }
  await admin.end().catch(() => {});
  rmSync(work, { recursive: true, force: true });
}
