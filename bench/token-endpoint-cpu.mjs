#!/usr/bin/env node
// The token endpoint's own cost per client_credentials request, in process (no sockets): the
// endpoint as served (fault rules and the request journal around the endpoint function, as
// app.ts wires it; builds older than that file: the endpoint function alone) of this build and,
// optionally, of a baseline build, each on its own fresh SQLite store, called in interleaved
// slices so that a busy machine skews every variant alike. Reports CPU µs per request
// (process.cpuUsage, what stays readable on a loaded machine) and wall µs, medians over rounds.
// Variants: baseline (log level warn), this build at warn (metrics; the request line skipped by
// level), this build at info (one request line per token, written synchronously to /dev/null by
// the server's own logger, redaction included).
// usage: node bench/token-endpoint-cpu.mjs [BASELINE_ROOT]   (after `npm run build`)
//   BASELINE_ROOT: a checkout with packages/server/dist built (e.g. `git worktree add` of main),
//   or that checkout's packages/server/dist/main.js
// env: ROUNDS=30 SLICE=1000   AA=1 adds a second copy of the first variant (the noise floor)
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pino from 'pino';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// A checkout, or its packages/server/dist/main.js (the form BENCH_BASELINE takes for ops-bench.mjs).
const baselineRoot =
  process.argv[2] && resolve(process.argv[2]).replace(/\/packages\/server\/dist\/main\.js$/, '');
const ROUNDS = Number(process.env.ROUNDS ?? 30);
const SLICE = Number(process.env.SLICE ?? 1000);
const work = mkdtempSync(join(tmpdir(), 'packgate-token-cpu-'));

async function variant(name, checkout, logLevel) {
  const dist = join(checkout, 'packages/server/dist');
  if (!existsSync(join(dist, 'oauth/token/token-endpoint.js'))) {
    throw new Error(`${name}: no build at ${dist} (npm run build there)`);
  }
  const load = (path) => import(pathToFileURL(join(dist, path)).href);
  const { parseConfig } = await load('config/config.js');
  const { createContext, closeContext } = await load('create-context.js');
  const { bootstrap } = await load('bootstrap.js');
  const { createLogger } = await load('observability/logger.js');
  const served = existsSync(join(dist, 'oauth/token/served-token-endpoint.js'))
    ? (await load('oauth/token/served-token-endpoint.js')).createServedTokenEndpoint
    : (await load('oauth/token/token-endpoint.js')).createTokenEndpoint;
  const config = parseConfig({ dataDir: mkdtempSync(join(work, 'data-')), logLevel });
  // The server's own logger (its redaction included), writing to /dev/null.
  const logger = createLogger(config, pino.destination({ dest: '/dev/null', sync: true }));
  const { ctx } = await createContext(config, { logger });
  const report = await bootstrap(ctx, { demo: true });
  const endpoint = served(ctx);
  const body = {
    grant_type: 'client_credentials',
    client_id: report.demo.clientId,
    client_secret: report.demo.clientSecret,
  };
  const subdomain = report.tenant.subdomain;
  // What token-fast-path.ts hands the endpoint (older builds ignore the extra fields).
  const request = () => ({
    subdomain,
    body,
    authorization: undefined,
    requestId: 'bench-request-id',
    startedAt: process.hrtime.bigint(),
    sourceIp: '127.0.0.1',
    host: '127.0.0.1:8787',
    url: `/${subdomain}/auth/v2/token`,
    form: false,
  });
  // The first call loads the tenant and the client into the directory.
  const first = await endpoint(request());
  if (first.statusCode !== 200) throw new Error(`${name}: ${first.statusCode} ${first.body}`);
  return {
    name,
    cpu: [],
    wall: [],
    // Older builds have no closeContext; the process exits after the report either way.
    close: () => closeContext?.(ctx),
    slice() {
      const cpuStart = process.cpuUsage();
      const started = process.hrtime.bigint();
      for (let i = 0; i < SLICE; i++) {
        const answer = endpoint(request());
        if (answer instanceof Promise || answer.statusCode !== 200) {
          throw new Error(`${name}: left the in-memory path (not a synchronous 200)`);
        }
      }
      const wall = Number(process.hrtime.bigint() - started) / 1000 / SLICE;
      const used = process.cpuUsage(cpuStart);
      this.cpu.push((used.user + used.system) / SLICE);
      this.wall.push(wall);
    },
  };
}

const variants = [
  ...(baselineRoot ? [await variant('baseline (warn)', baselineRoot, 'warn')] : []),
  await variant('this build (warn)', root, 'warn'),
  await variant('this build (info)', root, 'info'),
];
if (process.env.AA === '1') {
  const first = variants[0];
  variants.push(await variant(`${first.name} again (A/A)`, baselineRoot ?? root, 'warn'));
}
for (const v of variants) {
  v.slice(); // warm-up
  v.cpu.length = 0;
  v.wall.length = 0;
}
for (let r = 0; r < ROUNDS; r++) {
  // Rotate the order each round: no variant always runs right after the same one.
  for (let k = 0; k < variants.length; k++) variants[(r + k) % variants.length].slice();
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(variants[0].cpu);
console.log(
  `token endpoint as served, ${ROUNDS} × ${SLICE} calls per variant (median µs per request; ` +
    `vs ${variants[0].name}):`,
);
for (const v of variants) {
  const cpu = median(v.cpu);
  console.log(
    `${v.name.padEnd(28)} CPU ${cpu.toFixed(2)} µs (${(((cpu - base) / base) * 100).toFixed(1)} %)  ` +
      `wall ${median(v.wall).toFixed(2)} µs`,
  );
}
for (const v of variants) await v.close();
rmSync(work, { recursive: true, force: true });
process.exit(0);
