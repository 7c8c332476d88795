// Seeds a fresh SQLite data dir with a tenant and N Server-to-Server integrations, and writes
// a token-request body for one of them (from the middle, so the lookup is not a lucky first).
// usage: node bench/seed-token-store.mjs DATA_DIR BODY_FILE [N=1000]
// env: SEED_DATABASE_URL=postgres://… seeds PostgreSQL instead of SQLite in DATA_DIR;
//      SEED_CLIENTS_FILE=path writes every integration's token-request body, one JSON per line.
import { appendFileSync, writeFileSync } from 'node:fs';
import { bootstrap } from '../packages/server/dist/bootstrap.js';
import { parseConfig } from '../packages/server/dist/config/config.js';
import { closeContext, createContext } from '../packages/server/dist/create-context.js';
import { createIntegration } from '../packages/server/dist/setup/packages/integration-service.js';
import { createPackage } from '../packages/server/dist/setup/packages/package-service.js';

const [dataDir, bodyFile, countArg] = process.argv.slice(2);
if (!dataDir || !bodyFile) {
  console.error('usage: node bench/seed-token-store.mjs DATA_DIR BODY_FILE [N]');
  process.exit(2);
}
const count = Number(countArg ?? 1000);
const databaseUrl = process.env.SEED_DATABASE_URL;
const config = parseConfig({ dataDir, logLevel: 'warn', ...(databaseUrl ? { databaseUrl } : {}) });
const { ctx } = await createContext(config);
const report = await bootstrap(ctx, { demo: true });
const who = { actor: 'bench', sourceIp: 'local' };
const clients = [{ clientId: report.demo.clientId, clientSecret: report.demo.clientSecret }];
for (let i = 1; i < count; i++) {
  const now = Date.now();
  const pkg = await createPackage(ctx.store, who, report.tenant, { name: `bench ${i}` }, now);
  const created = await createIntegration(
    ctx.store,
    config,
    who,
    report.tenant,
    pkg,
    {
      integrationType: 'server-to-server',
      scopes: ['data_extensions_read', 'data_extensions_write', 'email_read'],
    },
    now,
  );
  clients.push({ clientId: created.integration.clientId, clientSecret: created.clientSecret });
}
await closeContext(ctx);
const chosen = clients[Math.floor(clients.length / 2)];
writeFileSync(
  bodyFile,
  JSON.stringify({
    grant_type: 'client_credentials',
    client_id: chosen.clientId,
    client_secret: chosen.clientSecret,
  }),
);
const clientsFile = process.env.SEED_CLIENTS_FILE;
if (clientsFile) {
  writeFileSync(clientsFile, '');
  for (let i = 0; i < clients.length; i += 1000) {
    const lines = clients.slice(i, i + 1000).map((c) =>
      JSON.stringify({
        grant_type: 'client_credentials',
        client_id: c.clientId,
        client_secret: c.clientSecret,
      }),
    );
    appendFileSync(clientsFile, `${lines.join('\n')}\n`);
  }
}
console.log(JSON.stringify({ subdomain: report.tenant.subdomain, integrations: clients.length }));
