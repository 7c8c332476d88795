// The secret scanner's throughput: a generated 200 MB corpus (minified-JS-like text with escapes,
// percent-encoding and "FMC" look-alikes, 8 real secrets hidden in it, one file over 100 MB), and a git history of 1 000
// commits with a secret added and deleted half-way. Runs the built CLI as a user would.
// env: SCAN_BENCH_MB (default 200)
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'packages/cli/dist/main.js');
const totalMb = Number(process.env.SCAN_BENCH_MB ?? 200);

function makeSecret(body) {
  const head = `SFMC_${body.padEnd(51, 'Q').slice(0, 51)}`;
  return head + (crc32(head) >>> 0).toString(16).padStart(8, '0');
}

/** 1 MiB of text that looks like bundled code: escapes, percent-encoding, FMC look-alikes. */
function fillerMiB(seed) {
  const parts = [];
  let size = 0;
  let i = seed;
  while (size < 1024 * 1024) {
    const line = `var a${i}="x\\n\\u0041b%20c${i % 97}";function f${i}(){return "FMC_${i}"+a${i}.replace(/\\s/g,'%3D')}\n`;
    parts.push(line);
    size += line.length;
    i++;
  }
  return parts.join('').slice(0, 1024 * 1024);
}

function generateCorpus(dir) {
  const secrets = Array.from({ length: 8 }, (_, k) => makeSecret(`BenchSecret${k}`));
  const files = [
    { name: 'big-bundle.js', mb: Math.round(totalMb * 0.55) },
    ...Array.from({ length: 9 }, (_, k) => ({ name: `chunk-${k}.js`, mb: Math.round((totalMb * 0.45) / 9) })),
  ];
  let placed = 0;
  let bytes = 0;
  for (const [index, file] of files.entries()) {
    const fd = openSync(join(dir, file.name), 'w');
    for (let m = 0; m < file.mb; m++) {
      let block = fillerMiB(m * 1000 + index);
      if (placed < secrets.length && m === Math.floor(file.mb / 2)) {
        const secret = secrets[placed++];
        const written = placed % 2 ? `\\n${secret}` : `\\u0053${secret.slice(1)}`;
        block = `${block.slice(0, 4096)}"${written}"\n${block.slice(4096)}`;
      }
      writeSync(fd, block);
      bytes += Buffer.byteLength(block);
    }
    closeSync(fd);
  }
  return { bytes, secrets: placed };
}

function timeScan(args, cwd) {
  const started = process.hrtime.bigint();
  const run = spawnSync('node', [cli, 'secrets', 'scan', ...args, '--json'], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 1) throw new Error(`scan exited ${run.status}: ${run.stderr}`);
  return { seconds, result: JSON.parse(run.stdout) };
}

const work = mkdtempSync(join(tmpdir(), 'packgate-scan-bench-'));
try {
  const corpus = join(work, 'corpus');
  mkdirSync(corpus);
  const { bytes, secrets } = generateCorpus(corpus);
  const runs = [1, 2, 3].map(() => timeScan(['.'], corpus));
  const best = runs.reduce((a, b) => (a.seconds < b.seconds ? a : b));
  const found = best.result.secretsFound;
  const mbps = bytes / 1e6 / best.seconds;
  console.log(
    `corpus            ${(bytes / 1e6).toFixed(0)} MB in 10 files, ${secrets} secrets hidden, ${found} found`,
  );
  console.log(`throughput        ${mbps.toFixed(0)} MB/s (best of 3, whole CLI run)  (target >= 150)`);
  if (found !== secrets) throw new Error(`expected ${secrets} secrets, found ${found}`);

  const repo = join(work, 'repo');
  mkdirSync(repo);
  const git = (...args) =>
    execFileSync('git', ['-c', 'user.name=b', '-c', 'user.email=b@example.test', ...args], { cwd: repo });
  git('init', '-q', '-b', 'main');
  // git fast-import: 1 000 commits in one process.
  const secret = makeSecret('DeletedFromHistory');
  let stream = '';
  for (let c = 1; c <= 1000; c++) {
    const content =
      c === 500 ? `const k = "${secret}";\n${fillerMiB(c).slice(0, 2000)}` : fillerMiB(c).slice(0, 2000);
    stream += `commit refs/heads/main\ncommitter b <b@example.test> ${1_700_000_000 + c} +0000\ndata ${`c${c}`.length}\nc${c}\n`;
    stream += `M 644 inline src/file-${c % 50}.js\ndata ${Buffer.byteLength(content)}\n${content}\n`;
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: repo, input: stream });
  git('checkout', '-q', 'main');
  const history = [1, 2, 3]
    .map(() => timeScan(['--git'], repo))
    .reduce((a, b) => (a.seconds < b.seconds ? a : b));
  console.log(
    `git history       1 000 commits: ${history.result.history.length} secret found in history in ${(history.seconds * 1000).toFixed(0)} ms (best of 3)`,
  );
  if (history.result.history.length !== 1) throw new Error('the deleted secret was not found in history');
  writeFileSync(join(work, 'done'), '');
} finally {
  rmSync(work, { recursive: true, force: true });
}
