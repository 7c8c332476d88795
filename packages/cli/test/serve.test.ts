import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SETTINGS } from '@packgate/server';
import { afterEach, describe, expect, it } from 'vitest';
import { runInProcess, spawnCli, startServe } from './support/cli.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'packgate-cli-serve-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The curl line of the banner, as the request it describes. */
function parseCurl(banner: string): { url: string; body: string } {
  const match = /curl -s -X POST '([^']+)' -H 'Content-Type: application\/json' -d '([^']+)'/.exec(banner);
  if (!match?.[1] || !match[2]) throw new Error(`no curl line in:\n${banner}`);
  return { url: match[1], body: match[2] };
}

describe('packgate serve', () => {
  it('on an ephemeral port prints a demo curl that returns a token, and stops cleanly on SIGTERM', async () => {
    const dataDir = tempDir();
    const serve = await startServe(['--demo', '--port', '0', '--data-dir', dataDir, '--log-level', 'silent']);
    try {
      expect(serve.banner).toMatch(/Packgate listening on http:\/\/127\.0\.0\.1:\d+/);
      expect(serve.banner).toMatch(/client secret: {2}SFMC_[A-Za-z0-9]{59}/);
      const { url, body } = parseCurl(serve.banner);
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status).toBe(200);
      const token = (await res.json()) as Record<string, unknown>;
      expect(token.token_type).toBe('Bearer');
      expect(token.expires_in).toBe(1079);
      expect(typeof token.access_token).toBe('string');
    } finally {
      const exit = await serve.stop('SIGTERM');
      expect(exit.code).toBe(0);
      expect(exit.stderr).toContain('SIGTERM received, shutting down');
    }
  });

  it('a second start on the same data dir prints no secret (and SIGINT also exits 0)', async () => {
    const dataDir = tempDir();
    const first = await startServe(['--demo', '--port', '0', '--data-dir', dataDir, '--log-level', 'silent']);
    const secret = /client secret: {2}(\S+)/.exec(first.banner)?.[1];
    expect(secret).toMatch(/^SFMC_/);
    expect((await first.stop()).code).toBe(0);

    const second = await startServe([
      '--demo',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--log-level',
      'silent',
    ]);
    const exit = await second.stop('SIGINT');
    expect(exit.code).toBe(0);
    expect(second.banner).toContain('operator key:   in');
    expect(second.banner).not.toContain('SFMC_');
    expect(second.banner).not.toContain('client secret');
    expect(exit.stdout + exit.stderr).not.toContain(secret);
  });

  it('at the default log level the banner on stdout has no JSON log line: logs go to stderr', async () => {
    const serve = await startServe(['--port', '0', '--data-dir', tempDir()]);
    const exit = await serve.stop('SIGTERM');
    expect(exit.code).toBe(0);
    const stdoutLines = `${serve.banner}${exit.stdout}`.split('\n');
    expect(stdoutLines.filter((l) => l.trimStart().startsWith('{'))).toEqual([]);
    // The info lines are still written, to stderr, as JSON.
    expect(exit.stderr).toMatch(/^\{"level":30,.*"msg":"Server listening at /m);
  });

  it('flags override the environment', async () => {
    const dataDir = tempDir();
    const serve = await startServe(['--port', '0', '--data-dir', dataDir], {
      env: { PACKGATE_PORT: 'not-a-port', PACKGATE_LOG_LEVEL: 'silent' },
    });
    expect(serve.banner).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect((await serve.stop()).code).toBe(0);
  });

  it('bad configuration from a flag: exit 1, one line naming the setting and the flag', async () => {
    const res = await spawnCli(['serve', '--port', 'abc', '--data-dir', tempDir()]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^packgate: invalid configuration: PACKGATE_PORT: expected a whole number/);
    expect(res.stderr).toContain('hint: fix --port or PACKGATE_PORT');
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(res.stderr.trim().split('\n')).toHaveLength(2);
  });

  it('a PACKGATE_* variable nothing reads (a typo) is named in a warning with the likely setting', async () => {
    const serve = await startServe(['--port', '0', '--data-dir', tempDir(), '--log-level', 'silent'], {
      env: { PACKGATE_DATABSE_URL: 'postgres://x@127.0.0.1/db', PACKGATE_TEST_DATABASE_URL: 'postgres://t' },
    });
    const exit = await serve.stop();
    expect(exit.code).toBe(0);
    expect(exit.stderr).toContain(
      'packgate: warning: PACKGATE_DATABSE_URL is not a Packgate setting and is ignored (did you mean PACKGATE_DATABASE_URL?)',
    );
    expect(exit.stderr).not.toContain('PACKGATE_TEST_DATABASE_URL');
    expect(serve.banner).toContain('SQLite in');
  });

  it('bad configuration from the environment names the setting', async () => {
    const res = await spawnCli(['serve', '--data-dir', tempDir()], { env: { PACKGATE_LOG_LEVEL: 'loud' } });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('PACKGATE_LOG_LEVEL');
  });

  it('bad configuration with --json also prints a parseable error naming the setting', async () => {
    const res = await runInProcess(['serve', '--json', '--public-url', 'ftp://x'], { cwd: tempDir() });
    expect(res.code).toBe(1);
    const body = JSON.parse(res.stdout);
    expect(body.error.code).toBe('ERR_CONFIG_INVALID');
    expect(body.setting).toBe('PACKGATE_PUBLIC_URL');
  });

  it.each([
    [['--host', 'not_a_host!'], 'PACKGATE_HOST', '--host'],
    // found after parsing: the worst-case token would exceed 512 characters (decision 0001)
    [
      ['--public-url', 'http://a-very-long-host-name-for-packgate.example.com:8080'],
      'PACKGATE_PUBLIC_URL',
      '--public-url',
    ],
  ])('bad configuration %j: exit 1, one line naming %s and its flag', async (flags, setting, flag) => {
    const res = await spawnCli(['serve', '--port', '0', '--data-dir', tempDir(), ...flags]);
    expect(res.code).toBe(1);
    const [line, hint, ...rest] = res.stderr.trim().split('\n');
    expect(line).toMatch(new RegExp(`^packgate: invalid configuration: ${setting}: `));
    expect(hint).toContain(`hint: fix ${flag} or ${setting}`);
    expect(rest).toEqual([]);
  });

  it('a data directory that cannot be one: exit 1 naming PACKGATE_DATA_DIR, without hanging', async () => {
    const file = join(tempDir(), 'not-a-dir');
    writeFileSync(file, 'x');
    for (const dataDir of [file, join(file, 'below'), '/proc/packgate-cli-test']) {
      const res = await spawnCli(['serve', '--port', '0', '--log-level', 'silent'], {
        env: { PACKGATE_DATA_DIR: dataDir },
      });
      expect(res.code, dataDir).toBe(1);
      expect(res.stderr).toMatch(/^packgate: invalid configuration: PACKGATE_DATA_DIR: /);
      expect(res.stderr).toContain('hint: fix --data-dir or PACKGATE_DATA_DIR');
      expect(res.stderr.trim().split('\n')).toHaveLength(2);
    }
  });

  it('PostgreSQL unreachable: exit 1 naming PACKGATE_DATABASE_URL and the cause, never the password', async () => {
    const res = await spawnCli(['serve', '--port', '0', '--data-dir', tempDir(), '--log-level', 'silent'], {
      env: { PACKGATE_DATABASE_URL: 'postgres://app:s3cret-pw@127.0.0.1:1/packgate' },
    });
    expect(res.code).toBe(1);
    const [line, hint, ...rest] = res.stderr.trim().split('\n');
    expect(line).toMatch(
      /^packgate: the server did not start: PACKGATE_DATABASE_URL: cannot connect to PostgreSQL at postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/packgate \(.*ECONNREFUSED.*\)$/,
    );
    expect(hint).toContain('PACKGATE_DATABASE_URL');
    expect(rest).toEqual([]);
    expect(res.stdout + res.stderr).not.toContain('s3cret-pw');
  });

  it('a port already in use: exit 1 with a hint', async () => {
    const dataDir = tempDir();
    const serve = await startServe(['--port', '0', '--data-dir', dataDir, '--log-level', 'silent']);
    const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(serve.banner)?.[1] as string;
    try {
      const res = await spawnCli(['serve', '--port', port, '--data-dir', tempDir(), '--log-level', 'silent']);
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('already in use');
      expect(res.stderr).toContain('hint:');
    } finally {
      await serve.stop();
    }
  });
});

describe('usage errors exit 2', () => {
  it.each([
    [['serve', '--bogus']],
    [['nope']],
    [['token', '--client-id']],
    [['tenants']],
    [['packages', 'get']],
  ])('packgate %j', async (argv) => {
    const res = await spawnCli(argv);
    expect(res.code).toBe(2);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('--help exits 0 for the program and every verb', async () => {
    for (const argv of [
      ['--help'],
      ['serve', '--help'],
      ['token', '--help'],
      ['secrets', 'scan', '--help'],
    ]) {
      const res = await runInProcess(argv);
      expect(res.code, argv.join(' ')).toBe(0);
      expect(res.stdout).toContain('Usage: packgate');
    }
  });
});

describe('the installed bin', () => {
  it('bin/packgate.js (what npm links as `packgate`) runs the built CLI', async () => {
    const bin = fileURLToPath(new URL('../bin/packgate.js', import.meta.url));
    const res = await new Promise<{ code: number | null; out: string }>((resolve) => {
      execFile(process.execPath, [bin, '--version'], (err, out) => resolve({ code: err ? 1 : 0, out }));
    });
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('serve flags are generated from the server settings', () => {
  it('every setting but the operator key has a flag naming its environment variable', async () => {
    const help = (await runInProcess(['serve', '--help'])).stdout.replace(/\s+/g, ' ');
    for (const s of SETTINGS) {
      const flag = `--${s.key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      if (s.key === 'adminKey') expect(help).not.toContain(`${flag} `);
      else if (s.key === 'seedFile') {
        expect(help).toContain('--seed <file>');
        expect(help).toContain(s.env);
      } else {
        expect(help).toContain(`${flag} <value>`);
        expect(help).toContain(s.env);
      }
    }
  });
});
