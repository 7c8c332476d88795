#!/usr/bin/env node
// What the observability costs the token endpoint, measured in-process so that a busy machine
// skews both sides alike: the endpoint function (tenant, client auth, grant, signing, answer —
// everything but the socket) of this build and of a baseline build, on one seeded SQLite store,
// called in interleaved slices. Variants: baseline (log level warn), this build at warn (metrics
// and the request's facts; the log line is skipped by level), this build at info (one request line
// per token written synchronously to /dev/null by the server's own logger).
// usage: node bench/token-endpoint-cost.mjs BASELINE_DIST_DIR   (after `npm run build`)
//   e.g. a copy of main's packages/server/dist placed inside this checkout (for node_modules)
// env: ROUNDS=30 SLICE=1000
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const baselineDist = process.argv[2] && resolve(process.argv[2]);
if (!baselineDist) {
  console.error('usage: node bench/token-endpoint-cost.mjs BASELINE_DIST_DIR');
  process.exit(2);
}
const ROUNDS = Number(process.env.ROUNDS ?? 30);
const SLICE = Number(process.env.SLICE ?? 1000);
const work = mkdtempSync(join(tmpdir(), 'packgate-token-cost-'));
const dataDir = join(work, 'data');
const bodyFile = join(work, 'body.json');
const { subdomain } = JSON.parse(
  execFileSync('node', [join(root, 'bench/seed-token-store.mjs'), dataDir, bodyFile, '1000'], {
    encoding: 'utf8',
  }),
);
const body = JSON.parse(readFileSync(bodyFile, 'utf8'));

async function variant(name, dist, logLevel, destination = { dest: '/dev/null', sync: true }) {
  const { parseConfig } = await import(join(dist, 'config/config.js'));
  const { createContext } = await import(join(dist, 'create-context.js'));
  const { createTokenEndpoint } = await import(join(dist, 'oauth/token/token-endpoint.js'));
  const { createLogger } = await import(join(dist, 'observability/logger.js'));
  const config = parseConfig({ dataDir, logLevel });
  // The server's own logger (its redaction included), writing to /dev/null.
  const logger = createLogger(config, pino.destination(destination));
  const { ctx } = await createContext(config, { logger });
  const endpoint = createTokenEndpoint(ctx);
  const request = () => ({
    subdomain,
    body,
    authorization: undefined,
    requestId: 'bench-request-id',
    startedAt: process.hrtime.bigint(),
  });
  // The first call loads the tenant and the client into the directory.
  const first = await endpoint(request());
  if (first.statusCode !== 200) throw new Error(`${name}: ${first.statusCode} ${first.body}`);
  return {
    name,
    ctx,
    samples: [],
    slice() {
      const started = process.hrtime.bigint();
      for (let i = 0; i < SLICE; i++) {
        const answer = endpoint(request());
        if (answer instanceof Promise || answer.statusCode !== 200)
          throw new Error(`${name}: not a synchronous 200`);
      }
      return Number(process.hrtime.bigint() - started) / 1000 / SLICE; // µs per token
    },
  };
}

const dist = join(root, 'packages/server/dist');
const variants = [
  await variant('baseline (warn)', baselineDist, 'warn'),
  await variant('this build (warn)', dist, 'warn'),
  await variant('this build (info)', dist, 'info'),
  ...(process.env.AA === '1' ? [await variant('baseline again (A/A)', baselineDist, 'warn')] : []),
];
for (const v of variants) v.slice(); // warm-up
for (let r = 0; r < ROUNDS; r++) {
  // Rotate the order each round: no variant always runs right after the same one.
  for (let k = 0; k < variants.length; k++) {
    const v = variants[(r + k) % variants.length];
    v.samples.push(v.slice());
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(variants[0].samples);
console.log(`token endpoint function, ${ROUNDS} × ${SLICE} calls per variant (median µs per token):`);
for (const v of variants) {
  const us = median(v.samples);
  console.log(
    `${v.name.padEnd(20)} ${us.toFixed(2)} µs  throughput ${(base / us).toFixed(3)}× baseline (${(((us - base) / base) * 100).toFixed(1)} % more time)`,
  );
}
for (const v of variants) {
  v.ctx.revocations.stop();
  await v.ctx.changeFeed.close();
  await v.ctx.rateLimits.close();
  await v.ctx.store.close();
}
rmSync(work, { recursive: true, force: true });
