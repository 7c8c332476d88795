// npm run bench: Packgate's token endpoint beside the shared harness's yardsticks (same run),
// then the client SDK, resource API, Data Extension row and SOAP attack benchmarks when they are built.
// env: BENCH_QUICK=1 (1 × 5 s per anchor), BENCH_ONLY=token|ops|cpu|client|resources|rows|soap|scan|cli|hooks
//      BENCH_BASELINE=/path/to/a/checkout/packages/server/dist/main.js: ops and cpu measure it beside this build
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const harness = resolve(root, '../shared/bench');
const only = process.env.BENCH_ONLY;

function need(condition, message) {
  if (!condition) {
    console.error(`bench: ${message}`);
    process.exit(1);
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function tokenBench() {
  need(existsSync(join(harness, 'run-anchors.sh')), `the shared harness is missing at ${harness}`);
  if (!existsSync(join(harness, 'node_modules/oidc-provider'))) {
    console.error('bench: installing the harness dependencies (npm ci in ../shared/bench)');
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: harness, stdio: 'inherit' });
  }
  need(spawnSync('wrk', ['--version']).error === undefined, 'wrk is missing: apt-get install -y wrk');
  need(existsSync(join(root, 'packages/server/dist/main.js')), 'build first: npm run build');

  const work = mkdtempSync(join(tmpdir(), 'packgate-bench-'));
  const dataDir = join(work, 'data');
  const body = join(work, 'token-request.json');
  const seeded = JSON.parse(
    execFileSync('node', [join(root, 'bench/seed-token-store.mjs'), dataDir, body, '1000'], {
      encoding: 'utf8',
    }),
  );
  console.error(`bench: seeded ${seeded.integrations} integrations in SQLite (${dataDir})`);
  const out = join(work, 'anchors.tsv');
  const quick = process.env.BENCH_QUICK === '1';
  const extra = [
    'packgate',
    '3120',
    `PACKGATE_DATA_DIR=${dataDir} PACKGATE_LOG_LEVEL=warn`,
    join(root, 'packages/server/dist/main.js'),
    `/${seeded.subdomain}/auth/v2/token`,
    body,
    'application/json',
    'yes',
  ].join('|');
  const run = spawnSync(
    './run-anchors.sh',
    ['bare-http', 'fastify', 'oidc-jwt-eddsa', 'ref-eddsa-nodecrypto', 'packgate'],
    {
      cwd: harness,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        EXTRA_ANCHOR: extra,
        OUT: out,
        ...(quick ? { RUNS: '1', SECS: '5', LAT_SECS: '0', WARM_SECS: '2' } : {}),
      },
    },
  );
  need(run.status === 0, `run-anchors.sh failed (exit ${run.status})`);
  const rows = readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'));
  const rps = (name) => median(rows.filter((r) => r[0] === name && r[1] === 'sat').map((r) => Number(r[3])));
  const p99 = (name) => median(rows.filter((r) => r[0] === name && r[1] === 'sat').map((r) => Number(r[5])));
  const product = rps('packgate');
  const reference = rps('ref-eddsa-nodecrypto');
  const oidc = rps('oidc-jwt-eddsa');
  need(product > 0, 'the packgate anchor produced no result (see the harness log above)');
  console.log('\n== Token endpoint (client_credentials, EdDSA, SQLite, 1 000 integrations) ==');
  console.log(`packgate               ${product.toFixed(0)} req/s  p99 ${p99('packgate')} ms`);
  console.log(`reference (node:crypto) ${reference.toFixed(0)} req/s  p99 ${p99('ref-eddsa-nodecrypto')} ms`);
  console.log(`oidc-provider (JWT)    ${oidc.toFixed(0)} req/s  p99 ${p99('oidc-jwt-eddsa')} ms`);
  console.log(`ratio vs reference     ${(product / reference).toFixed(3)}  (target >= 0.95)`);
  console.log(`ratio vs oidc-provider ${(product / oidc).toFixed(2)}  (target >= 3)`);
  rmSync(work, { recursive: true, force: true });
}

function scriptBench(name, file, args = []) {
  const path = join(root, 'bench', file);
  if (!existsSync(path)) {
    console.log(`\n== ${name}: ${file} not present, skipped ==`);
    return;
  }
  console.log(`\n== ${name} ==`);
  const run = spawnSync('node', [path, ...args], { cwd: root, stdio: 'inherit' });
  need(run.status === 0, `${file} failed (exit ${run.status})`);
}

if (!only || only === 'token') tokenBench();
if (!only || only === 'ops')
  scriptBench(
    'Operations: issue 11 targets, one run (ops-bench.mjs; table in bench/README.md)',
    'ops-bench.mjs',
  );
if (!only || only === 'cpu')
  scriptBench(
    'Token endpoint CPU per request, in process (token-endpoint-cpu.mjs)',
    'token-endpoint-cpu.mjs',
    process.env.BENCH_BASELINE ? [process.env.BENCH_BASELINE] : [],
  );
if (!only || only === 'client') scriptBench('Client SDK', 'client-bench.mjs');
if (!only || only === 'resources') scriptBench('Resource API', 'resource-bench.mjs');
if (!only || only === 'rows')
  scriptBench('Data Extension row reads (100 000 rows)', 'data-extension-read-bench.mjs');
if (!only || only === 'soap') scriptBench('SOAP attacks (event-loop delay)', 'soap-attack-bench.mjs');
if (!only || only === 'scan')
  scriptBench('Secret scanner (200 MB corpus, 1 000-commit history)', 'secrets-scan-bench.mjs');
if (!only || only === 'cli') scriptBench('CLI cold start', 'cli-start-bench.mjs');
if (!only || only === 'hooks')
  scriptBench('Token endpoint: cost of fault rules and the journal', 'token-hooks-bench.mjs');
