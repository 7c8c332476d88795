import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../../server/src/testing.js';
import { Browser, parseForm } from '../../server/test/user-context/support/browser.js';
import { createRestClient } from '../src/index.js';

// The examples import the package by name, as an application does; here that name is the sources.
vi.mock('@packgate/client', () => import('../src/index.js'));
vi.mock('@packgate/client/admin', () => import('../src/admin/index.js'));

const EXAMPLES = fileURLToPath(new URL('../examples/', import.meta.url));
const SRC_INDEX = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const SRC_ADMIN_INDEX = fileURLToPath(new URL('../src/admin/index.ts', import.meta.url));
const README = fileURLToPath(new URL('../README.md', import.meta.url));
const PASSWORD = 'correct horse battery staple';
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);

const exampleFiles = readdirSync(EXAMPLES)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => `${EXAMPLES}${name}`);

describe('examples/ type-check against the SDK (strict, as in the build)', () => {
  it('has one example per integration type, and one that provisions Packgate from tests', () => {
    expect(exampleFiles.map((f) => f.slice(EXAMPLES.length)).sort()).toEqual([
      'provision-from-tests.ts',
      'public-app.ts',
      'server-to-server.ts',
      'web-app.ts',
    ]);
  });

  it('compiles without a single diagnostic', () => {
    const base = ts.readConfigFile(
      fileURLToPath(new URL('../../../tsconfig.base.json', import.meta.url)),
      ts.sys.readFile,
    );
    const { options } = ts.convertCompilerOptionsFromJson(base.config.compilerOptions, EXAMPLES);
    const program = ts.createProgram(exampleFiles, {
      ...options,
      composite: false,
      declaration: false,
      noEmit: true,
      paths: { '@packgate/client': [SRC_INDEX], '@packgate/client/admin': [SRC_ADMIN_INDEX] },
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  });
});

describe('README snippets are excerpts of the type-checked examples', () => {
  const readme = readFileSync(README, 'utf8');
  it.each([
    ['## Quick start (server-to-server)', 'server-to-server.ts'],
    ['## Web app', 'web-app.ts'],
    ['## Public app', 'public-app.ts'],
    ['## Provision Packgate from your tests', 'provision-from-tests.ts'],
  ])('%s ⊂ examples/%s', (heading, file) => {
    const section = readme.slice(readme.indexOf(heading));
    const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block, `no ts block under ${heading}`).toBeDefined();
    const exampleLines = readFileSync(`${EXAMPLES}${file}`, 'utf8')
      .split('\n')
      .map((line) => line.trim());
    let at = -1;
    for (const line of (block ?? '').split('\n').map((l) => l.trim())) {
      if (line === '' || line === '// …') continue;
      const found = exampleLines.indexOf(line, at + 1);
      expect(found, `README line not in examples/${file} (in order): ${line}`).toBeGreaterThan(at);
      at = found;
    }
  });
});

describe('examples run against a real Packgate', () => {
  let server: TestServer;
  let userId: number;

  beforeAll(async () => {
    server = await startTestServer();
    const user = await server.admin('POST', `/tenants/${server.subdomain}/users`, {
      username: 'ada',
      password: PASSWORD,
      businessUnits: [{ mid: server.eid, permissions: ['email_read'] }],
    });
    expect(user.status).toBe(201);
    userId = user.body.id;
  });
  afterAll(async () => {
    await server?.close();
  });

  async function createApp(integrationType: string, redirectUri: string) {
    const sub = server.subdomain;
    const pkg = await server.admin('POST', `/tenants/${sub}/packages`, {
      name: `example ${integrationType}`,
    });
    const integration = await server.admin('POST', `/tenants/${sub}/packages/${pkg.body.id}/integration`, {
      integrationType,
      scopes: ['email_read', 'offline'],
      redirectUris: [redirectUri],
    });
    expect(integration.status).toBe(201);
    const licences = await server.admin(
      'PUT',
      `/tenants/${sub}/packages/${pkg.body.id}/integration/licenses`,
      { userIds: [userId] },
    );
    expect(licences.status).toBe(200);
    return integration.body as { clientId: string; clientSecret?: string };
  }

  /** The user signs in on Packgate's login page; resolves the redirect back to the app. */
  async function signInAt(browser: Browser, authorizationUrl: string): Promise<string> {
    const login = await browser.get(authorizationUrl);
    expect(login.status).toBe(200);
    const form = parseForm(login.html);
    const back = await browser.post(form.action, { ...form.fields, username: 'ada', password: PASSWORD });
    expect(back.status).toBe(303);
    return back.location ?? '';
  }

  async function freePort(): Promise<number> {
    const probe = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => probe.once('listening', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    return port;
  }

  it('server-to-server.ts reads the token context of the requested business unit', async () => {
    const { readTokenContext } = await import('../examples/server-to-server.js');
    const result = await readTokenContext({
      authBaseUri: server.authBaseUri,
      clientId: server.clientId,
      clientSecret: server.clientSecret,
      accountId: server.eid,
    });
    expect(result.mid).toBe(server.eid);
    expect(result.restInstanceUrl).toBe(server.restBaseUri);
    expect(result.expiresAt).toBeGreaterThan(Date.now());
  });

  it('server-to-server runs exactly as its header says (the compiled file, from the repository root)', async () => {
    const source = readFileSync(`${EXAMPLES}server-to-server.ts`, 'utf8');
    const command = /^ \* {3}(MC_AUTH_BASE_URI=.* node (\S+))$/m.exec(source);
    expect(command, 'the header names the command').not.toBeNull();
    const script = (command as RegExpExecArray)[2] as string;
    const values: Record<string, string> = {
      MC_AUTH_BASE_URI: server.authBaseUri,
      MC_CLIENT_ID: server.clientId,
      MC_CLIENT_SECRET: server.clientSecret,
      MC_ACCOUNT_ID: String(server.eid),
    };
    for (const name of Object.keys(values)) expect(command?.[1]).toContain(`${name}=`);
    const { stdout } = await run(process.execPath, [script], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...values },
    });
    const result = JSON.parse(stdout);
    expect(result.mid).toBe(server.eid);
    expect(result.restInstanceUrl).toBe(server.restBaseUri);
  });

  it('provision-from-tests.ts: a tenant of its own, a token that works, and nothing left behind', async () => {
    const { provisionAndCheck } = await import('../examples/provision-from-tests.js');
    const before = await server.admin('GET', '/tenants');
    const result = await provisionAndCheck({ baseUrl: server.baseUrl, adminKey: server.adminKey });
    expect(result.packages).toEqual(['Integration under test']);
    expect(result.mid).toBeGreaterThan(0);
    expect((await server.admin('GET', '/tenants')).body).toEqual(before.body);
  });

  it('provision-from-tests runs exactly as its header says (the compiled file, from the repository root)', async () => {
    const source = readFileSync(`${EXAMPLES}provision-from-tests.ts`, 'utf8');
    const command = /^ \* {3}(PACKGATE_URL=\S+ PACKGATE_ADMIN_KEY=… node (\S+))$/m.exec(source);
    expect(command, 'the header names the command').not.toBeNull();
    const script = (command as RegExpExecArray)[2] as string;
    const { stdout } = await run(process.execPath, [script], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        PACKGATE_URL: server.baseUrl,
        PACKGATE_ADMIN_KEY: server.adminKey,
      },
    });
    expect(JSON.parse(stdout)).toEqual({ mid: expect.any(Number), packages: ['Integration under test'] });
  });

  it('provision-from-tests with a wrong operator key fails with the typed 401, never printing the key', async () => {
    const script = `${REPO_ROOT}packages/client/dist/examples/provision-from-tests.js`;
    const wrong = `wrong-${'k'.repeat(40)}`;
    const failed = await run(process.execPath, [script], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', PACKGATE_URL: server.baseUrl, PACKGATE_ADMIN_KEY: wrong },
    }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/^ERR_ADMIN_UNAUTHENTICATED \(HTTP 401, field -\): /);
    expect(failed?.stderr).not.toContain(wrong);
  });

  it('web-app.ts: /login → Packgate login → /callback → /me as the user; refresh token stored', async () => {
    const { createWebApp, memoryRefreshTokenStore } = await import('../examples/web-app.js');
    const port = await freePort();
    const redirectUri = `http://127.0.0.1:${port}/callback`;
    const app = await createApp('web-app', redirectUri);
    const store = memoryRefreshTokenStore();
    const webServer = createServer(
      createWebApp({
        authBaseUri: server.authBaseUri,
        clientId: app.clientId,
        clientSecret: app.clientSecret ?? '',
        redirectUri,
        store,
      }),
    ).listen(port, '127.0.0.1');
    try {
      await new Promise((resolve) => webServer.once('listening', resolve));
      const browser = new Browser();
      const login = await browser.get(`http://127.0.0.1:${port}/login`);
      expect(login.status).toBe(302);
      const callback = await signInAt(browser, login.location ?? '');
      expect(callback.startsWith(redirectUri)).toBe(true);
      const exchanged = await browser.get(callback);
      expect(exchanged.status).toBe(303);
      const me = await browser.get(`http://127.0.0.1:${port}${exchanged.location}`);
      expect(me.status).toBe(200);
      expect(JSON.parse(me.html).user.id).toBe(userId);
      const sid = browser.cookies.get('example_sid') ?? '';
      expect(await store.read(sid)).toEqual(expect.any(String));
      // A forged callback (wrong state) is refused with the SDK's typed error.
      const forged = await browser.get(`${redirectUri}?code=x&state=forged`);
      expect(forged.status).toBe(400);
      expect(forged.html).toMatch(/^ERR_STATE_MISMATCH/);
    } finally {
      webServer.closeAllConnections();
      webServer.close();
    }
  });

  it('public-app.ts: loopback sign-in without a secret, then resume from the stored refresh token', async () => {
    const { resume, signIn } = await import('../examples/public-app.js');
    const port = await freePort();
    const app = await createApp('public-app', `http://127.0.0.1:${port}/callback`);
    expect(app.clientSecret).toBeUndefined();
    const keychain: (string | undefined)[] = [];
    let browsing: Promise<unknown> = Promise.resolve();
    const settings = {
      authBaseUri: server.authBaseUri,
      clientId: app.clientId,
      port,
      saveRefreshToken: async (refreshToken: string | undefined) => void keychain.push(refreshToken),
      openBrowser: (url: string) => {
        const browser = new Browser();
        browsing = signInAt(browser, url).then((callback) => fetch(callback).then((r) => r.text()));
      },
    };
    const session = await signIn(settings);
    expect(await browsing).toMatch(/you can close this window/);
    const rest = createRestClient({ tokenSource: session });
    expect((await rest.request<{ user: { id: number } }>('platform/v1/tokenContext')).user.id).toBe(userId);
    expect(keychain).toHaveLength(1);

    const later = resume(settings, keychain[0] ?? '');
    const token = await later.getToken();
    expect(token.accessToken).not.toBe((await session.getToken()).accessToken);
    expect(keychain).toHaveLength(2);
    expect(keychain[1]).toBe(later.refreshToken);
    expect(keychain[1]).not.toBe(keychain[0]);
  });
});
