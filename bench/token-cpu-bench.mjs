// CPU time per token request of the token endpoint function, in process (no sockets): the
// measure that stays readable on a loaded machine, where wall-clock throughput does not.
// usage: node bench/token-cpu-bench.mjs [ROOT=.]   (ROOT: a checkout with packages/server/dist built)
// Prints the median of 7 rounds of 20 000 client_credentials requests (µs CPU per request).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(process.argv[2] ?? '.');
const load = (path) => import(pathToFileURL(join(root, 'packages/server/dist', path)).href);
const { parseConfig } = await load('config/config.js');
const { createContext } = await load('create-context.js');
const { bootstrap } = await load('bootstrap.js');
const { createTokenEndpoint } = await load('oauth/token/token-endpoint.js');

const dataDir = mkdtempSync(join(tmpdir(), 'packgate-token-cpu-'));
const { ctx } = await createContext(parseConfig({ dataDir, logLevel: 'silent' }));
const report = await bootstrap(ctx, { demo: true });
const endpoint = createTokenEndpoint(ctx);
const request = {
  subdomain: report.tenant.subdomain,
  authorization: undefined,
  body: {
    grant_type: 'client_credentials',
    client_id: report.demo.clientId,
    client_secret: report.demo.clientSecret,
  },
};
const first = await endpoint(request); // loads the client and tenant into the directory
if (first.statusCode !== 200) throw new Error(first.body);
const rounds = [];
for (let round = 0; round < 7; round++) {
  const n = 20_000;
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const answer = endpoint(request);
    if (answer instanceof Promise || answer.statusCode !== 200) throw new Error('left the in-memory path');
  }
  const used = process.cpuUsage(start);
  rounds.push((used.user + used.system) / n);
}
rounds.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    root,
    cpuMicrosPerRequest: { median: +rounds[3].toFixed(2), min: +rounds[0].toFixed(2) },
  }),
);
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
