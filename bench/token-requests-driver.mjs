// N client_credentials token requests through a real Packgate server, over one keep-alive
// loopback connection, in ONE process (server and a minimal raw-socket client): the whole request
// path the harness measures (node:http, the fast path, fault rules, journal, endpoint, signing,
// metrics), with no second process for valgrind to miss. Built to be run under callgrind, which
// counts instructions repeatably on a loaded machine (see bench/README.md, "Instruction counts").
// usage: node bench/token-requests-driver.mjs [ROOT=.] [N=2000] [WARMUP=3000]
//   ROOT: a checkout with packages/server/dist built (any build with start-server.js: an older
//   one works too, so two builds can be compared). env: LOG_LEVEL=warn, JOURNAL_SIZE (default: the
//   server's).
// Prints one JSON line. With CALLGRIND=1 (run under valgrind --tool=callgrind) the counters are
// zeroed after the warm-up and dumped after the N requests: that dump's total / N is the
// instructions per request (every thread: V8's concurrent GC and compiler work included).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(process.argv[2] ?? '.');
const count = Number(process.argv[3] ?? 2000);
const warmup = Number(process.argv[4] ?? 3000);
const load = (path) => import(pathToFileURL(join(root, 'packages/server/dist', path)).href);
const { parseConfig } = await load('config/config.js');
const { startServer } = await load('start-server.js');

const dataDir = mkdtempSync(join(tmpdir(), 'packgate-token-driver-'));
const config = parseConfig({
  dataDir,
  host: '127.0.0.1',
  port: 0,
  logLevel: process.env.LOG_LEVEL ?? 'warn',
  ...(process.env.JOURNAL_SIZE ? { journalSize: Number(process.env.JOURNAL_SIZE) } : {}),
});
const server = await startServer(config, { demo: true });
const { port } = new URL(server.url);
const subdomain = server.report.tenant.subdomain;
const body = JSON.stringify({
  grant_type: 'client_credentials',
  client_id: server.report.demo.clientId,
  client_secret: server.report.demo.clientSecret,
});
const request = Buffer.from(
  `POST /${subdomain}/auth/v2/token HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
);

const socket = connect(Number(port), '127.0.0.1');
await new Promise((done, fail) => socket.once('connect', done).once('error', fail));
socket.setNoDelay(true);

/** Sends `n` requests one after another; resolves with how many answered 200. */
function send(n) {
  return new Promise((done, fail) => {
    let pending = Buffer.alloc(0);
    let sent = 0;
    let ok = 0;
    const next = () => {
      if (sent === n) {
        socket.off('data', onData);
        done(ok);
        return;
      }
      sent++;
      socket.write(request);
    };
    const onData = (chunk) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      const head = pending.indexOf('\r\n\r\n');
      if (head < 0) return;
      const headers = pending.subarray(0, head).toString('latin1');
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(headers)?.[1] ?? Number.NaN);
      if (Number.isNaN(length)) return fail(new Error(`no content-length: ${headers}`));
      if (pending.length < head + 4 + length) return;
      if (headers.startsWith('HTTP/1.1 200')) ok++;
      else return fail(new Error(`not a 200: ${pending.toString('utf8', 0, 300)}`));
      pending = pending.subarray(head + 4 + length);
      next();
    };
    socket.on('data', onData);
    next();
  });
}

/** Under callgrind (CALLGRIND=1): zero its counters, or dump them, from outside (callgrind_control). */
const callgrind = (option) =>
  process.env.CALLGRIND === '1'
    ? new Promise((done, fail) =>
        execFile('callgrind_control', [option, String(process.pid)], (err) => (err ? fail(err) : done())),
      )
    : Promise.resolve();

await send(warmup);
// Every run's window starts from the same heap (with node --expose-gc), and only the measured
// requests are counted: start-up and warm-up are zeroed away.
globalThis.gc?.();
await callgrind('--zero');
const started = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
const ok = await send(count);
const cpu = process.cpuUsage(cpuStart);
await callgrind('--dump');
const micros = Number(process.hrtime.bigint() - started) / 1000;
const per = (us) => +(us / Math.max(1, count)).toFixed(1);
// CPU time is the process's (every thread, client included), wall time the loop's.
console.log(
  JSON.stringify({
    root,
    count,
    warmup,
    ok,
    cpuMicrosPerRequest: per(cpu.user + cpu.system),
    wallMicrosPerRequest: per(micros),
  }),
);
socket.destroy();
await server.close();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
