// Micro benchmark of @packgate/client (run `npm run build` first):
//   node bench/client-bench.mjs
// Prints ns per cached getToken() (target ≤ 1 µs) and the token requests made for 1 000 concurrent
// callers of a cold provider (target 1). The token server is a real Packgate on an ephemeral loopback
// port (from packages/server/dist), which counts the tokens it issues; without a server build, a
// node:http token endpoint stands in.
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { createTokenProvider } from '../packages/client/dist/index.js';

const ITERATIONS = Number(process.env.CLIENT_BENCH_ITERATIONS ?? 1_000_000);
const CONCURRENCY = 1000;
const SERVER_DIST = new URL('../packages/server/dist/testing.js', import.meta.url);

/** A real Packgate: its own Prometheus counter says how many tokens it issued. */
async function packgate() {
  const { startTestServer } = await import(SERVER_DIST.href);
  const server = await startTestServer();
  const issued = async () => {
    const metric = await server.server.ctx.metrics.tokensIssued.get();
    return metric.values.reduce((sum, value) => sum + value.value, 0);
  };
  return {
    kind: 'Packgate (real server, ephemeral port)',
    options: {
      authBaseUri: server.authBaseUri,
      clientId: server.clientId,
      clientSecret: server.clientSecret,
    },
    issued,
    close: () => server.close(),
  };
}

/** Fallback when the server is not built: a node:http token endpoint that counts requests. */
async function standIn() {
  let tokenRequests = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      tokenRequests++;
      const base = `http://127.0.0.1:${server.address().port}`;
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(
        JSON.stringify({
          access_token: `bench-token-${tokenRequests}`,
          token_type: 'Bearer',
          expires_in: 1079,
          scope: 'data_extensions_read data_extensions_write',
          rest_instance_url: `${base}/rest/`,
          soap_instance_url: `${base}/soap/`,
        }),
      );
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    kind: 'node:http stand-in (server not built)',
    options: {
      authBaseUri: `http://127.0.0.1:${server.address().port}/auth/`,
      clientId: 'bench-client',
      clientSecret: 'bench-secret',
    },
    issued: async () => tokenRequests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const target = existsSync(SERVER_DIST) ? await packgate() : await standIn();
try {
  // 1 000 concurrent callers on a cold provider, counted by the token server.
  const cold = createTokenProvider(target.options);
  const before = await target.issued();
  const tokens = await Promise.all(Array.from({ length: CONCURRENCY }, () => cold.getToken()));
  const concurrentRequests = (await target.issued()) - before;
  if (new Set(tokens.map((t) => t.accessToken)).size !== 1) throw new Error('callers got different tokens');

  // Cached getToken(): warm up, then time awaited calls.
  const provider = createTokenProvider(target.options);
  await provider.getToken();
  for (let i = 0; i < 100_000; i++) await provider.getToken();
  const start = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) await provider.getToken();
  const nsPerOp = Number(process.hrtime.bigint() - start) / ITERATIONS;

  const result = {
    tokenServer: target.kind,
    cachedGetTokenNsPerOp: Math.round(nsPerOp * 10) / 10,
    cachedGetTokenTargetNs: 1000,
    concurrentCallers: CONCURRENCY,
    tokenRequestsForConcurrentCallers: concurrentRequests,
    tokenRequestsTarget: 1,
  };
  console.log(`client: token server                   ${target.kind}`);
  console.log(
    `client: cached getToken()            ${result.cachedGetTokenNsPerOp} ns/op (target ≤ 1000 ns)`,
  );
  console.log(`client: token requests for ${CONCURRENCY} callers ${concurrentRequests} (target 1)`);
  console.log(JSON.stringify({ bench: 'client', ...result }));
  if (nsPerOp > 1000 || concurrentRequests !== 1) process.exitCode = 1;
} finally {
  await target.close();
}
