import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { fingerprint } from '@packgate/server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanBytes } from '../src/scan/scan-bytes.js';
import { findSecrets, SecretStreamScanner } from '../src/scan/secret-stream-scanner.js';
import { runInProcess } from './support/cli.js';

/** The misses issue 12 listed: each was "clean" before, each must be found now. */

function makeSecret(body: string): string {
  const head = `SFMC_${body.padEnd(51, 'Q').slice(0, 51)}`;
  return head + (crc32(head) >>> 0).toString(16).padStart(8, '0');
}
const SECRET = makeSecret('MissedBeforeIssueTwelve');
const escapeAll = (s: string) =>
  [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

describe('decoded forms', () => {
  it('after a \\n escape in minified JS', () => {
    const found = findSecrets(`var a="x\\n${SECRET}\\n";`);
    expect(found).toMatchObject([{ line: 1, column: 11, length: 64, valid: true }]);
  });

  it('with an escaped first letter (\\u0053FMC_…, \\x53FMC_…) and fully escaped', () => {
    const one = findSecrets(`s = "\\u0053${SECRET.slice(1)}"`);
    expect(one).toMatchObject([{ line: 1, column: 6, length: 69, valid: true, encoded: true }]);
    expect(one[0]?.fingerprint).toBe(fingerprint(SECRET));
    expect(findSecrets(`"\\x53${SECRET.slice(1)}"`)).toMatchObject([{ valid: true, encoded: true }]);
    const all = findSecrets(`k="${escapeAll(SECRET)}"`);
    expect(all).toMatchObject([{ column: 4, length: 64 * 6, valid: true, encoded: true }]);
  });

  it('URL-encoded in a query string or form body (%3DSFMC_…, fully percent-encoded)', () => {
    expect(findSecrets(`GET /cb?client_secret%3D${SECRET}&x=1`)).toMatchObject([{ column: 25, valid: true }]);
    const percent = [...SECRET].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join('');
    expect(findSecrets(`secret=${percent}`)).toMatchObject([{ column: 8, length: 64 * 3, valid: true }]);
  });

  it('UTF-16 text, with and without a byte-order mark, little and big endian', () => {
    const text = `line one\r\nsecret: ${SECRET}\r\n`;
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const bytes of [
      Buffer.concat([Buffer.from([0xff, 0xfe]), le]),
      le,
      Buffer.concat([Buffer.from([0xfe, 0xff]), be]),
      be,
    ]) {
      expect(scanBytes(bytes)).toMatchObject([{ line: 2, column: 9, valid: true }]);
    }
  });

  it('a look-alike stays a look-alike however it is encoded', () => {
    const wrong = SECRET.slice(0, -1) + (SECRET.endsWith('0') ? '1' : '0');
    expect(findSecrets(`\\u0053${wrong.slice(1)}`)).toMatchObject([{ valid: false }]);
  });
});

describe('streaming', () => {
  const forms = {
    plain: SECRET,
    'escaped-first': `\\u0053${SECRET.slice(1)}`,
    'after-newline-escape': `\\n${SECRET}`,
    'fully-escaped': escapeAll(SECRET),
  };
  /** Text that holds no secret but many near misses: FMC_ look-alikes, escapes, percent signs, newlines. */
  const noise = fc
    .array(
      fc.constantFrom('FMC_x', 'SFMC_', '\\u0041', '%20', '\\n', '\n', 'abc ', '%5', '\\u005', 'é', '😀'),
      {
        minLength: 200,
        maxLength: 3000,
        size: 'max',
      },
    )
    .map((parts) => parts.join(''));

  it('finds a secret split across chunk boundaries, with line and column counted across chunks', () => {
    fc.assert(
      fc.property(
        noise,
        noise,
        fc.array(fc.integer({ min: 1, max: 9000 }), { minLength: 1, maxLength: 30 }),
        fc.constantFrom(...(Object.keys(forms) as (keyof typeof forms)[])),
        (before, after, cuts, form) => {
          const text = `${before} ${forms[form]} ${after}`;
          const whole = findSecrets(text);
          expect(whole.filter((f) => f.valid)).toHaveLength(1);
          const at = text.indexOf(forms[form], before.length);
          const linesBefore = text.slice(0, at).split('\n');
          expect(whole.find((f) => f.valid)).toMatchObject({
            line: linesBefore.length,
            column: (linesBefore.at(-1) as string).length + 1 + (form === 'after-newline-escape' ? 2 : 0),
          });
          // The smallest chunks the scanner allows, so boundaries fall everywhere.
          const scanner = new SecretStreamScanner({ minChunk: 1 });
          let offset = 0;
          for (const cut of cuts) {
            scanner.push(text.slice(offset, offset + cut));
            offset += cut;
          }
          scanner.push(text.slice(offset));
          expect(scanner.end()).toEqual(whole);
        },
      ),
      { seed: 12, numRuns: 400 },
    );
  });
});

describe('packgate secrets scan: no silent misses', () => {
  let root: string;
  const git = (...args: string[]) =>
    execFileSync(
      'git',
      ['-c', 'user.name=t', '-c', 'user.email=t@example.test', '-c', 'commit.gpgsign=false', ...args],
      {
        cwd: root,
        stdio: 'pipe',
      },
    ).toString();
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'packgate-scan-misses-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const scan = (...args: string[]) => runInProcess(['secrets', 'scan', ...args], { cwd: root });

  it('a 6.4 MB bundle holding a real secret is scanned whole: exit 1, at the right line', async () => {
    const filler = `${'x'.repeat(79)}\n`.repeat(80_000); // 6.4 MB
    writeFileSync(join(root, 'bundle.js'), `${filler}const k="${SECRET}";\n`);
    const res = await scan('bundle.js');
    expect(res.code).toBe(1);
    expect(res.stdout).toBe(`bundle.js:80001:10  client secret  fingerprint ${fingerprint(SECRET)}\n`);
  });

  it('a secret committed and then deleted is found with --git, with its commit and path', async () => {
    git('init', '-q', '-b', 'main');
    writeFileSync(join(root, 'config.json'), `{"clientSecret": "${SECRET}"}\n`);
    git('add', 'config.json');
    git('commit', '-q', '-m', 'add config');
    const added = git('rev-parse', 'HEAD').trim();
    writeFileSync(join(root, 'config.json'), '{"clientSecret": "read it from the environment"}\n');
    git('commit', '-q', '-am', 'remove the secret');
    rmSync(join(root, 'bundle.js'));

    const tree = await scan('config.json');
    expect(tree.code).toBe(0);
    const res = await scan('--git', '--json');
    expect(res.code).toBe(1);
    const body = JSON.parse(res.stdout);
    expect(body.findings).toEqual([]);
    expect(body.history).toMatchObject([
      {
        commit: added,
        path: 'config.json',
        line: 1,
        column: 19,
        valid: true,
        fingerprint: fingerprint(SECRET),
      },
    ]);
    expect(res.stdout).not.toContain(SECRET);
    const text = await scan('--git');
    expect(text.stdout).toBe(
      `${added.slice(0, 12)}:config.json:1:19  client secret in git history  fingerprint ${fingerprint(SECRET)}\n`,
    );
  });

  it('a secret in a .gitignored file is reported with a note that it is not in history', async () => {
    writeFileSync(join(root, '.gitignore'), '.env\n');
    writeFileSync(join(root, '.env'), `SFMC_CLIENT_SECRET=${SECRET}\n`);
    const res = await scan('.env');
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('.env:1:20  client secret');
    expect(res.stdout).toContain('ignored by git: not in history, but on disk');
    expect(JSON.parse((await scan('.env', '--json')).stdout).findings[0].ignoredByGit).toBe(true);
  });

  it('--git outside a repository is a usage error (exit 2)', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'packgate-no-git-'));
    try {
      const res = await runInProcess(['secrets', 'scan', '--git'], { cwd: outside });
      expect(res.code).toBe(2);
      expect(res.stderr).toContain('not inside a git work tree');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
