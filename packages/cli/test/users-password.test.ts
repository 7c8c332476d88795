import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/src/testing.js';
import { Browser, parseForm } from '../../server/test/user-context/support/browser.js';
import { runInProcess, spawnCli } from './support/cli.js';

const REDIRECT = 'https://app.example/cb';
const STDIN_PASSWORD = 'piped through stdin 1';
const ENV_PASSWORD = 'from the environment 2';

let pg: TestServer;
let packageId: string;
let clientId: string;

beforeAll(async () => {
  pg = await startTestServer();
  const pkg = await pg.admin('POST', `/tenants/${pg.subdomain}/packages`, { name: 'cli login app' });
  packageId = pkg.body.id;
  const integration = await pg.admin('POST', `/tenants/${pg.subdomain}/packages/${packageId}/integration`, {
    integrationType: 'web-app',
    scopes: ['email_read'],
    redirectUris: [REDIRECT],
  });
  clientId = integration.body.clientId;
});
afterAll(async () => {
  await pg?.close();
});

const baseEnv = () => ({ PACKGATE_URL: pg.baseUrl, PACKGATE_ADMIN_KEY: pg.adminKey });
const cli = (args: string[], options: { env?: Record<string, string>; stdin?: string } = {}) =>
  runInProcess(args, {
    env: { ...baseEnv(), ...options.env },
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
  });

async function createUser(
  username: string,
  options: { env?: Record<string, string>; stdin?: string },
  ...flags: string[]
) {
  const res = await cli(
    ['users', 'create', username, '--bu', `${pg.eid}=email_read`, ...flags, '--json'],
    options,
  );
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as { id: number; username: string };
}

/** Whether `username` gets through the server's login form with `password` (a licence is granted first). */
async function canSignIn(userId: number, username: string, password: string): Promise<boolean> {
  const licensed = await pg.admin(
    'GET',
    `/tenants/${pg.subdomain}/packages/${packageId}/integration/licenses`,
  );
  const userIds = [...new Set([...(licensed.body.userIds as number[]), userId])];
  const set = await cli(['licenses', 'set', packageId, '--users', userIds.join(','), '--json']);
  expect(set.code, set.stderr).toBe(0);
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT,
    state: 's',
  });
  const browser = new Browser();
  const login = await browser.get(`${pg.authBaseUri}v2/authorize?${query}`);
  expect(login.status).toBe(200);
  const form = parseForm(login.html);
  const answer = await browser.post(form.action, { ...form.fields, username, password });
  return answer.status === 303 && new URL(answer.location ?? 'x:/').searchParams.has('code');
}

describe('packgate users create: the password comes from stdin or PACKGATE_USER_PASSWORD, never from argv', () => {
  it('--password-stdin: the piped password (without its newline) is the one the user signs in with', async () => {
    const user = await createUser('stdin-user', { stdin: `${STDIN_PASSWORD}\n` }, '--password-stdin');
    expect(user.username).toBe('stdin-user');
    expect(await canSignIn(user.id, 'stdin-user', STDIN_PASSWORD)).toBe(true);
    expect(await canSignIn(user.id, 'stdin-user', `${STDIN_PASSWORD}\n`)).toBe(false);
  });

  it('PACKGATE_USER_PASSWORD is used when no flag is given; an explicit --password-stdin wins over it', async () => {
    const env = { PACKGATE_USER_PASSWORD: ENV_PASSWORD };
    const fromEnv = await createUser('env-user', { env });
    expect(await canSignIn(fromEnv.id, 'env-user', ENV_PASSWORD)).toBe(true);
    const both = await createUser('both-user', { env, stdin: STDIN_PASSWORD }, '--password-stdin');
    expect(await canSignIn(both.id, 'both-user', STDIN_PASSWORD)).toBe(true);
    expect(await canSignIn(both.id, 'both-user', ENV_PASSWORD)).toBe(false);
  });

  it('users update changes the password only with --password-stdin, never from a leftover PACKGATE_USER_PASSWORD', async () => {
    const user = await createUser('update-user', { stdin: STDIN_PASSWORD }, '--password-stdin');
    const env = { PACKGATE_USER_PASSWORD: ENV_PASSWORD };
    const email = await cli(['users', 'update', String(user.id), '--email', 'u@example.test', '--json'], {
      env,
    });
    expect(email.code, email.stderr).toBe(0);
    expect(await canSignIn(user.id, 'update-user', STDIN_PASSWORD)).toBe(true);
    const changed = await cli(['users', 'update', String(user.id), '--password-stdin', '--json'], {
      stdin: 'a brand new password\n',
    });
    expect(changed.code, changed.stderr).toBe(0);
    expect(await canSignIn(user.id, 'update-user', 'a brand new password')).toBe(true);
    expect(await canSignIn(user.id, 'update-user', STDIN_PASSWORD)).toBe(false);
  });

  it('usage errors exit 2 with a hint: no password source, an empty one, two flags at once', async () => {
    const none = await cli(['users', 'create', 'nopass', '--bu', String(pg.eid)]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/a password is required/);
    expect(none.stderr).toMatch(/--password-stdin.*PACKGATE_USER_PASSWORD/);
    const empty = await cli(['users', 'create', 'nopass', '--bu', String(pg.eid), '--password-stdin'], {
      stdin: '\n',
    });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/--password-stdin: the password is empty/);
    const two = await cli(
      ['users', 'create', 'nopass', '--bu', String(pg.eid), '--password-stdin', '--password-file', 'pw'],
      { stdin: STDIN_PASSWORD },
    );
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/only one of --password-stdin and --password-file/);
    // A password on the command line is not an option at all.
    expect((await cli(['users', 'create', 'nopass', '--bu', String(pg.eid), '--password', 'x'])).code).toBe(
      2,
    );
    const list = JSON.parse((await cli(['users', 'list', '--json'])).stdout) as {
      items: { username: string }[];
    };
    expect(list.items.map((u) => u.username)).not.toContain('nopass');
  });

  it('a password the server refuses → exit 1 with the server reason, the password in no output', async () => {
    const short = 'Zq7#'; // below the 8-character minimum
    for (const json of [[], ['--json']]) {
      const res = await cli(
        ['users', 'create', 'short-user', '--bu', String(pg.eid), '--password-stdin', ...json],
        {
          stdin: short,
        },
      );
      expect(res.code).toBe(1);
      expect(res.stdout + res.stderr).toMatch(/password/i);
      expect(res.stdout + res.stderr).not.toContain(short);
    }
    const created = await createUser('dup-user', { stdin: STDIN_PASSWORD }, '--password-stdin');
    const dup = await cli(['users', 'create', 'dup-user', '--bu', String(pg.eid), '--password-stdin'], {
      stdin: STDIN_PASSWORD,
    });
    expect(dup.code).toBe(1);
    expect(dup.stdout + dup.stderr).not.toContain(STDIN_PASSWORD);
    expect(created.id).toBeGreaterThan(0);
  });

  it('the built CLI reads a real piped stdin; nothing it prints contains the password', async () => {
    const res = await spawnCli(
      ['users', 'create', 'spawned-user', '--bu', `${pg.eid}=email_read`, '--password-stdin'],
      {
        env: baseEnv(),
        stdin: `${STDIN_PASSWORD}\n`,
      },
    );
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/username:\s+spawned-user/);
    expect(res.stdout + res.stderr).not.toContain(STDIN_PASSWORD);
    const id = Number(/id:\s+(\d+)/.exec(res.stdout)?.[1]);
    expect(await canSignIn(id, 'spawned-user', STDIN_PASSWORD)).toBe(true);
  });
});
