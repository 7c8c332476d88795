#!/usr/bin/env node
// SOAP Retrieve filters over Data Extension rows (issue 13, decision 0011). Run after `npm run build`:
//   node bench/soap-filter-bench.mjs            (SQLite)
//   PG=1 node bench/soap-filter-bench.mjs       (PostgreSQL at postgres://postgres@127.0.0.1:5432/test)
// Prints the median and max ms of 15 sequential Retrieves per filter. env: ROWS (default 20000).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { startTestServer } = await import(pathToFileURL(join(root, 'packages/server/dist/testing.js')).href);
const ROWS = Number(process.env.ROWS ?? 20000);
const backend = process.env.PG
  ? { postgres: { url: 'postgres://postgres@127.0.0.1:5432/test', schema: `measure_${Date.now()}` } }
  : {};
const server = await startTestServer({ ...backend, settings: { restRateLimitPerMinute: '0' } });
const tok = await (
  await fetch(`${server.authBaseUri}v2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: server.clientId,
      client_secret: server.clientSecret,
    }),
  })
).json();
const token = tok.access_token;
await server.admin('POST', `/tenants/${server.subdomain}/data-extensions`, {
  mid: server.eid,
  name: 'M',
  key: 'M',
  fields: [
    { name: 'Id', type: 'Number', isPrimaryKey: true },
    { name: 'Email', type: 'EmailAddress' },
    { name: 'Age', type: 'Number' },
  ],
});
for (let i = 0; i < ROWS; i += 5000) {
  const body = Array.from({ length: 5000 }, (_, j) => ({
    keys: { Id: i + j },
    values: { Email: `u${i + j}@${(i + j) % 10 ? 'example.com' : 'other.org'}`, Age: (i + j) % 100 },
  }));
  const r = await fetch(`${server.restBaseUri}hub/v1/dataevents/key:M/rowset`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (r.status !== 200) throw new Error(await r.text());
}
const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const simple = (p, op, vs, as = 'Filter') =>
  `<${as} ${XSI} xsi:type="SimpleFilterPart"><Property>${p}</Property><SimpleOperator>${op}</SimpleOperator>${vs.map((v) => `<Value>${v}</Value>`).join('')}</${as}>`;
const env = (filter) =>
  `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header><fueloauth xmlns="http://exacttarget.com">${token}</fueloauth></soap:Header><soap:Body><RetrieveRequestMsg xmlns="http://exacttarget.com/wsdl/partnerAPI"><RetrieveRequest><ObjectType>DataExtensionObject[M]</ObjectType><Properties>Id</Properties>${filter}</RetrieveRequest></RetrieveRequestMsg></soap:Body></soap:Envelope>`;
const cases = {
  'equals Id (index path)': simple('Id', 'equals', ['777']),
  'IN Id, 3 values': simple('Id', 'IN', ['5', '777', '19999']),
  'greaterThan Age 49 (half; first 2500)': simple('Age', 'greaterThan', ['49']),
  'like Email %@other.org (10%; first 2000)': simple('Email', 'like', ['%@other.org']),
  'OR(Age=1, Email like %other%) first page': `<Filter ${XSI} xsi:type="ComplexFilterPart">${simple('Age', 'equals', ['1'], 'LeftOperand')}<LogicalOperator>OR</LogicalOperator>${simple('Email', 'like', ['%other%'], 'RightOperand')}</Filter>`,
};
for (const [name, filter] of Object.entries(cases)) {
  const times = [];
  let results = 0;
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    const res = await fetch(`${server.soapBaseUri}Service.asmx`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml', soapaction: 'Retrieve' },
      body: env(filter),
    });
    const text = await res.text();
    times.push(performance.now() - t);
    results = (text.match(/<Results /g) ?? []).length;
    if (!/<OverallStatus>(OK|MoreDataAvailable)/.test(text)) throw new Error(text.slice(0, 500));
  }
  times.sort((a, b) => a - b);
  console.log(
    `${process.env.PG ? 'postgres' : 'sqlite'} ${ROWS} rows | ${name}: median ${times[7].toFixed(1)} ms, max ${times[14].toFixed(1)} ms, ${results} results`,
  );
}
await server.close();
if (process.env.PG) {
  const pg = createRequire(join(root, 'package.json'))('pg');
  const client = new pg.Client({ connectionString: backend.postgres.url });
  await client.connect();
  await client.query(`drop schema if exists ${backend.postgres.schema} cascade`);
  await client.end();
}
