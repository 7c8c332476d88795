// What fault rules and the request journal cost the token endpoint (decision 0007), measured in
// process so the 2-core machine's load from other work cancels out: the endpoint function alone,
// then wrapped as app.ts wraps it, interleaved in rounds; medians of µs per request.
// usage: node bench/token-hooks-bench.mjs [ROUNDS=7] [CALLS=4000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap } from '../packages/server/dist/bootstrap.js';
import { parseConfig } from '../packages/server/dist/config/config.js';
import { closeContext, createContext } from '../packages/server/dist/create-context.js';
import { withTokenFaults } from '../packages/server/dist/faults/fault-hooks.js';
import { withTokenJournal } from '../packages/server/dist/journal/journal-hooks.js';
import { createTokenEndpoint } from '../packages/server/dist/oauth/token/token-endpoint.js';
import { addFaultRules } from '../packages/server/dist/setup/faults/fault-rule-service.js';

const rounds = Number(process.argv[2] ?? 7);
const calls = Number(process.argv[3] ?? 4000);
const dataDir = mkdtempSync(join(tmpdir(), 'packgate-hooks-bench-'));
const { ctx } = await createContext(parseConfig({ dataDir, logLevel: 'warn' }));
const report = await bootstrap(ctx, { demo: true });
const subdomain = report.tenant.subdomain;
const request = {
  subdomain,
  body: {
    grant_type: 'client_credentials',
    client_id: report.demo.clientId,
    client_secret: report.demo.clientSecret,
  },
  authorization: undefined,
  // What token-fast-path.ts passes (the endpoint measures its latency from startedAt).
  requestId: 'bench-request-id',
  startedAt: process.hrtime.bigint(),
  host: '127.0.0.1:8787',
  url: `/${subdomain}/auth/v2/token`,
};

const raw = createTokenEndpoint(ctx);
const wrap = (inner) => {
  const fired = new WeakMap();
  return withTokenJournal(
    withTokenFaults(inner, ctx, (r, ids) => fired.set(r, ids)),
    ctx,
    (r) => fired.get(r),
  );
};
const faultsOnly = withTokenFaults(raw, ctx);
const full = wrap(raw);
// The same wrappers around a constant answer: their own cost, without signing.
const answer = await raw(request);
const constant = () => answer;
const constantWrapped = wrap(constant);

async function time(endpoint) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) {
    const a = endpoint(request);
    if (a instanceof Promise) await a;
  }
  return Number(process.hrtime.bigint() - start) / 1000 / calls;
}

const variants = {
  'endpoint alone': raw,
  '+ fault rules (tenant without rules)': faultsOnly,
  '+ fault rules + journal (as served)': full,
};
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
async function measure(set) {
  const results = Object.fromEntries(Object.keys(set).map((k) => [k, []]));
  for (const endpoint of Object.values(set)) await time(endpoint); // warm-up
  for (let r = 0; r < rounds; r++) {
    for (const [name, endpoint] of Object.entries(set)) results[name].push(await time(endpoint));
  }
  return Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
}

const noRules = await measure(variants);
const base = noRules['endpoint alone'];
console.log(`token endpoint function, ${rounds} rounds × ${calls} calls, median µs per request`);
for (const [name, us] of Object.entries(noRules)) {
  console.log(`${name.padEnd(44)} ${us.toFixed(2)} µs  (${((us / base - 1) * 100).toFixed(1)} %)`);
}
const overhead = await measure({ 'constant answer': constant, 'constant answer, wrapped': constantWrapped });
console.log(
  `wrappers alone (constant answer): ${(overhead['constant answer, wrapped'] - overhead['constant answer']).toFixed(2)} µs per request`,
);
// A tenant with rules, none for this route: the match loop runs, nothing is counted.
await addFaultRules(ctx, { actor: 'bench', sourceIp: 'local' }, report.tenant, [
  { route: 'rest', effect: { type: 'latency', ms: 1 } },
  { route: 'token', clientId: 'someone-else', effect: { type: 'drop' } },
]);
const withRules = await measure({ 'endpoint alone': raw, '+ both, tenant with 2 rules not matching': full });
console.log(
  `tenant with 2 non-matching rules: ${withRules['+ both, tenant with 2 rules not matching'].toFixed(2)} µs vs ${withRules['endpoint alone'].toFixed(2)} µs alone`,
);
await closeContext(ctx);
rmSync(dataDir, { recursive: true, force: true });
