import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { fingerprint } from '@packgate/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSecrets } from '../src/scan/secret-stream-scanner.js';
import { runInProcess } from './support/cli.js';

/** A secret in the real format: SFMC_ + 51 alphanumerics + CRC-32 of the first 56 chars. */
function makeSecret(body: string): string {
  const head = `SFMC_${body.padEnd(51, 'Q').slice(0, 51)}`;
  return head + (crc32(head) >>> 0).toString(16).padStart(8, '0');
}
const REAL = makeSecret('RealLeakedSecretAbc123');
const OTHER = makeSecret('AnotherOneInNodeModules');
const lastHex = REAL.at(-1) === '0' ? '1' : '0';
const LOOKALIKE = REAL.slice(0, -1) + lastHex; // same shape, wrong checksum

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'packgate-scan-'));
  mkdirSync(join(root, 'src/config'), { recursive: true });
  mkdirSync(join(root, 'node_modules/dep'), { recursive: true });
  mkdirSync(join(root, '.git'), { recursive: true });
  writeFileSync(
    join(root, 'src/config/env.ts'),
    `// settings\nexport const x = 1;\nconst secret = "${REAL}";\n`,
  );
  writeFileSync(
    join(root, 'src/example.md'),
    `Example: ${LOOKALIKE}\nNot one: SFMC_short\nGlued: x${REAL}\n`,
  );
  writeFileSync(join(root, 'node_modules/dep/index.js'), `"${OTHER}"`);
  writeFileSync(join(root, '.git/config'), `${OTHER}\n`);
  writeFileSync(join(root, 'image.bin'), Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(OTHER)]));
  writeFileSync(join(root, 'huge.log'), `${'a'.repeat(5 * 1024 * 1024)}\n${OTHER}\n`);
  mkdirSync(join(root, 'clean'));
  writeFileSync(join(root, 'clean/lookalike.txt'), `${LOOKALIKE}\n`);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const scan = (...args: string[]) => runInProcess(['secrets', 'scan', ...args], { cwd: root });

describe('secrets scan', () => {
  it('finds the checksum-valid secrets with file:line:col and fingerprint, exits 1, never prints the secret', async () => {
    const res = await scan();
    expect(res.code).toBe(1);
    expect(res.stdout).toBe(
      [
        `huge.log:2:1  client secret  fingerprint ${fingerprint(OTHER)}`,
        `image.bin:1:4  client secret  fingerprint ${fingerprint(OTHER)}`,
        `src/config/env.ts:3:17  client secret  fingerprint ${fingerprint(REAL)}`,
        '',
      ].join('\n'),
    );
    expect(res.stderr).toMatch(
      /^3 secrets found in 5 files scanned \(2 look-alikes with a wrong checksum ignored; 2 node_modules\/\.git not walked/,
    );
    expect(res.stderr).toContain('hint: rotate');
    for (const s of [REAL, OTHER, LOOKALIKE]) expect(res.stdout + res.stderr).not.toContain(s);
  });

  it('ignores a look-alike with a broken checksum (exit 0), and lists it only when asked', async () => {
    const res = await scan('clean');
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('');
    const listed = await scan('clean', '--include-lookalikes');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('clean/lookalike.txt:1:1  look-alike (checksum mismatch)');
    expect(listed.stdout).not.toContain(LOOKALIKE);
  });

  it('scans node_modules when it is named explicitly, but not when walking', async () => {
    const res = await scan('node_modules/dep/index.js');
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(
      `node_modules/dep/index.js:1:2  client secret  fingerprint ${fingerprint(OTHER)}`,
    );
  });

  it('--json parses and lists findings and skipped files', async () => {
    const res = await scan('--json');
    expect(res.code).toBe(1);
    const body = JSON.parse(res.stdout);
    expect(body.secretsFound).toBe(3);
    expect(body.lookalikesIgnored).toBe(2);
    expect(body.findings.map((f: { path: string }) => f.path)).toEqual([
      'huge.log',
      'image.bin',
      'src/config/env.ts',
    ]);
    expect(body.findings[2]).toEqual({
      line: 3,
      column: 17,
      length: 64,
      fingerprint: fingerprint(REAL),
      valid: true,
      path: 'src/config/env.ts',
    });
    expect(body.skipped).toEqual([
      { path: '.git', reason: 'excluded-directory' },
      { path: 'node_modules', reason: 'excluded-directory' },
    ]);
    expect(res.stdout).not.toContain(REAL);
  });

  it('--format sarif emits a structurally valid SARIF 2.1.0 log', async () => {
    const res = await scan('--format', 'sarif');
    expect(res.code).toBe(1);
    expect(res.stdout).not.toContain(REAL);
    const log = JSON.parse(res.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('packgate');
    const ruleIds = run.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toMatch(/^file:\/\/.*\/$/);
    expect(run.results).toHaveLength(3);
    for (const result of run.results.filter(
      (r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
        r.locations[0].physicalLocation.artifactLocation.uri === 'src/config/env.ts',
    )) {
      expect(ruleIds[result.ruleIndex]).toBe(result.ruleId);
      expect(['none', 'note', 'warning', 'error']).toContain(result.level);
      expect(typeof result.message.text).toBe('string');
      const location = result.locations[0].physicalLocation;
      expect(location.artifactLocation).toEqual({ uri: 'src/config/env.ts', uriBaseId: '%SRCROOT%' });
      expect(location.region).toEqual({ startLine: 3, startColumn: 17, endColumn: 81 });
      expect(Number.isInteger(location.region.startLine) && location.region.startLine >= 1).toBe(true);
      expect(result.partialFingerprints['secretSha256/v1']).toBe(fingerprint(REAL));
    }
  });

  it('a clean tree in SARIF has an empty results array and exits 0', async () => {
    const res = await scan('clean', '--format', 'sarif');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout).runs[0].results).toEqual([]);
  });

  it('usage errors: a missing path or an unknown format exit 2', async () => {
    expect((await scan('no/such/dir')).code).toBe(2);
    expect((await scan('--format', 'xml')).code).toBe(2);
  });
});

describe('findSecrets', () => {
  it('reports 1-based line and column and tells real secrets from look-alikes', () => {
    const found = findSecrets(`a\r\n  key=${REAL} ${LOOKALIKE}\n`);
    expect(found.map((f) => [f.line, f.column, f.valid])).toEqual([
      [2, 7, true],
      [2, 72, false],
    ]);
  });

  it('ignores strings glued to longer alphanumeric runs and wrong lengths', () => {
    expect(findSecrets(`x${REAL}`)).toEqual([]);
    expect(findSecrets(`${REAL}a`)).toEqual([]);
    expect(findSecrets(REAL.slice(0, 63))).toEqual([]);
  });
});
