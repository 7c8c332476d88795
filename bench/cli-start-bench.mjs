// The CLI's cold start next to Node's own, in one run: `node -e 0`, `packgate --version` and
// `packgate token --help`, each started 30 times alternately; medians and the ratio to bare Node
// (target <= 2x). The CLI is started through its bin (what `npx packgate` runs), which imports
// dist/main.js. Only `serve` loads the server; a command line loads only the verb it names
// (`token --help`: commander and the token verb), and `--version` alone neither.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'packages/cli/bin/packgate.js');
const RUNS = Number(process.env.CLI_BENCH_RUNS ?? 30);

const commands = {
  'node -e 0': ['-e', '0'],
  'packgate --version': [cli, '--version'],
  'packgate token --help': [cli, 'token', '--help'],
};
const times = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
const env = { PATH: process.env.PATH, HOME: process.env.HOME };
for (let i = 0; i < RUNS; i++) {
  for (const [name, args] of Object.entries(commands)) {
    const started = process.hrtime.bigint();
    const run = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
    times[name].push(Number(process.hrtime.bigint() - started) / 1e6);
    if (run.status !== 0) throw new Error(`${name} exited ${run.status}`);
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const bare = median(times['node -e 0']);
for (const [name, values] of Object.entries(times)) {
  const m = median(values);
  const ratio = name === 'node -e 0' ? '' : `  ${(m / bare).toFixed(2)}x node (target <= 2)`;
  console.log(`${name.padEnd(24)} ${m.toFixed(1)} ms median of ${RUNS}${ratio}`);
}
