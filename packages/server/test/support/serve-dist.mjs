// Starts the built server (dist) on an ephemeral port with the demo package and prints one JSON
// line describing it. Used by the kill -9 durability test and by bench/resource-bench.mjs.
// usage: node serve-dist.mjs DATA_DIR [PORT] [CONFIG_JSON]  (CONFIG_JSON: extra parseConfig settings)
import { parseConfig, startServer } from '../../dist/index.js';

const [dataDir, port = '0', extra = '{}'] = process.argv.slice(2);
const config = parseConfig({ ...JSON.parse(extra), dataDir, port, logLevel: 'silent' });
const server = await startServer(config, { demo: true });
process.stdout.write(
  `${JSON.stringify({
    url: server.url,
    subdomain: server.report.tenant.subdomain,
    eid: server.report.tenant.eid,
    ...server.report.baseUris,
    adminKey: server.ctx.adminKey,
    clientId: server.report.demo?.clientId,
    clientSecret: server.report.demo?.clientSecret,
  })}\n`,
);
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
