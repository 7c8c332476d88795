import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/src/testing.js';
import { runInProcess } from './support/cli.js';

const GUIDE = new URL('../../../docs/guides/rotate-a-secret.md', import.meta.url);

/** The `packgate …` lines of the guide's sh blocks, in order (the setup block's exports excepted). */
function guideCommands(): string[] {
  const blocks = [...readFileSync(GUIDE, 'utf8').matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  return blocks
    .flatMap((b) => b.split('\n'))
    .map((l) => l.trim())
    .filter((l) => /^(\w+="[^"]*" )?packgate /.test(l));
}

/** Splits a command line like a shell would for these lines: quotes, $VARS, a leading VAR=value. */
function parseLine(line: string, vars: Record<string, string>) {
  const expectFailure = /#\s*fails/.test(line);
  const words = [...line.replace(/#.*$/, '').matchAll(/"([^"]*)"|(\S+)/g)].map((m) =>
    (m[1] ?? m[2] ?? '').replace(/\$(\w+)/g, (_, name: string) => {
      const value = vars[name];
      if (value === undefined) throw new Error(`the guide uses $${name} before the test knows it`);
      return value;
    }),
  );
  const env: Record<string, string> = {};
  while (words[0] && /^\w+=/.test(words[0])) {
    const [name, ...rest] = (words.shift() as string).split('=');
    env[name as string] = rest.join('=').replace(/^"(.*)"$/, '$1');
  }
  expect(words.shift()).toBe('packgate');
  return { argv: words, env, expectFailure };
}

describe('docs/guides/rotate-a-secret.md: every command of the guide works as described', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('zero-downtime rotation, then a leaked-secret revocation, with the CLI', async () => {
    const commands = guideCommands();
    expect(commands.length).toBeGreaterThanOrEqual(10);
    const vars: Record<string, string> = { PACKAGE_ID: s.packageId };
    const baseEnv = {
      PACKGATE_URL: s.baseUrl,
      PACKGATE_ADMIN_KEY: s.adminKey,
      PACKGATE_AUTH_BASE_URI: s.authBaseUri,
      PACKGATE_CLIENT_ID: s.clientId,
    };
    const outputs: string[] = [];
    for (const line of commands) {
      const { argv, env, expectFailure } = parseLine(line, vars);
      const res = await runInProcess(argv, { env: { ...baseEnv, ...env } });
      expect(res.code, `${line}\n${res.stdout}${res.stderr}`).toBe(expectFailure ? 1 : 0);
      outputs.push(res.stdout);
      if (argv[0] === 'secrets' && argv[1] === 'stage') {
        const id = /secret id:\s+(\S+)/.exec(res.stdout)?.[1];
        const value = /client secret:\s+(SFMC_\S+)/.exec(res.stdout)?.[1];
        expect(id && value).toBeTruthy();
        const prefix = vars.NEW_SECRET_ID === undefined ? 'NEW' : 'REPLACEMENT';
        vars[`${prefix}_SECRET_ID`] = id as string;
        vars[`${prefix}_SECRET`] = value as string;
        if (prefix === 'NEW') {
          vars.LEAKED_SECRET_ID = id as string;
          vars.LEAKED_SECRET = value as string;
        }
      }
      if (argv[0] === 'secrets' && argv[1] === 'revoke') expect(res.stdout).toMatch(/tokens revoked: 1\b/);
      if (argv[0] === 'audit' && argv[1] === 'export') {
        const events = res.stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l));
        expect(events.map((e) => e.action)).toEqual(['client_secret.revoked']);
        expect(events[0].details.tokensRevoked).toBe(1);
      }
    }
    expect(outputs.join('')).not.toContain(s.clientSecret);
  });
});

describe('packgate secrets expiring and packgate review', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ settings: { secretTtlSeconds: String(10 * 86_400) } });
  });
  afterAll(async () => {
    await s?.close();
  });
  const run = (...argv: string[]) =>
    runInProcess(argv, { env: { PACKGATE_URL: s.baseUrl, PACKGATE_ADMIN_KEY: s.adminKey } });

  it('secrets expiring exits 1 when a secret expires inside the window (for cron), 0 when none does', async () => {
    const inside = await run('secrets', 'expiring', '--within', '30d', '--json');
    expect(inside.code).toBe(1);
    const body = JSON.parse(inside.stdout);
    expect(body.items).toEqual([
      expect.objectContaining({ clientId: s.clientId, state: 'active', daysLeft: 9, expiryWarning: '14d' }),
    ]);
    const table = await run('secrets', 'expiring', '--all-tenants');
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/^TENANT\s+PACKAGE\s+CLIENT ID/);
    const outside = await run('secrets', 'expiring', '--within', '7d');
    expect(outside.code).toBe(0);
    expect(outside.stdout).toBe('no secret expires within 7d\n');
    const bad = await run('secrets', 'expiring', '--within', 'soon');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/within: "soon" is not a duration/);
  });

  it('review prints a table, JSON or RFC 4180 CSV; a bad format is a usage error', async () => {
    const csv = await run('review', '--format', 'csv');
    expect(csv.code, csv.stderr).toBe(0);
    const [header, row] = csv.stdout.split('\r\n');
    expect(header).toBe(
      'package,package id,type,client id,granted scopes,unused scopes,BUs enabled,BUs with tokens,secret age (days),secret expires,last token,tokens/day,flags',
    );
    expect(row).toContain(s.clientId);
    const json = await run('review', '--json');
    expect(JSON.parse(json.stdout).items[0]).toMatchObject({ clientId: s.clientId, secretAgeDays: 0 });
    expect((await run('review')).stdout).toMatch(/^PACKAGE\s+PACKAGE ID/);
    expect((await run('review', '--format', 'xml')).code).toBe(2);
    expect((await run('review', '--days', '0')).code).toBe(2);
  });
});
