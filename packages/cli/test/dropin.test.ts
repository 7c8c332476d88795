import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/src/testing.js';
import { runInProcess } from './support/cli.js';

const DOMAIN = 'marketingcloudapis.com';
const HOSTS = '127.0.0.1\tlocalhost\n# a comment the user wrote\n::1 localhost ip6-localhost';

let host: TestServer;
let plain: TestServer;
let dir: string;
beforeAll(async () => {
  [host, plain] = await Promise.all([
    startTestServer({ settings: { baseDomain: DOMAIN } }),
    startTestServer(),
  ]);
  dir = mkdtempSync(join(tmpdir(), 'packgate-dropin-'));
});
afterAll(async () => {
  await Promise.all([host?.close(), plain?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const cli = (server: TestServer, ...args: string[]) =>
  runInProcess(args, { env: { PACKGATE_URL: server.baseUrl, PACKGATE_ADMIN_KEY: server.adminKey } });

describe('packgate ca path|export (issue 10 part 1)', () => {
  it("prints the CA's path and PEM from the data dir", async () => {
    const path = await runInProcess(['ca', 'path', '--data-dir', host.config.dataDir]);
    expect(path.code, path.stderr).toBe(0);
    expect(path.stdout).toBe(`${join(host.config.dataDir, 'tls', 'ca.pem')}\n`);
    const pem = await runInProcess(['ca', 'export'], { env: { PACKGATE_DATA_DIR: host.config.dataDir } });
    expect(pem.code).toBe(0);
    expect(new X509Certificate(pem.stdout).ca).toBe(true);
    expect(pem.stdout).not.toContain('PRIVATE KEY');
    const json = JSON.parse(
      (await runInProcess(['ca', 'path', '--data-dir', host.config.dataDir, '--json'])).stdout,
    );
    expect(json.fingerprint256).toBe(host.server.tls?.caFingerprint256);
  });

  it('without a CA (path mode data dir): ERR_NO_CA, one line plus a hint', async () => {
    const res = await runInProcess(['ca', 'export', '--data-dir', plain.config.dataDir]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(
      /^packgate: no local CA at .*ca\.pem \(ENOENT\)\n {2}hint: start `packgate serve` with PACKGATE_BASE_DOMAIN/,
    );
  });
});

describe('packgate dropin (issue 10 part 2)', () => {
  it('prints the hosts lines of every tenant, NODE_EXTRA_CA_CERTS and the preload', async () => {
    const second = await host.admin('POST', '/tenants', { name: 'Second' });
    expect(second.status).toBe(201);
    const res = await cli(host, 'dropin');
    expect(res.code, res.stderr).toBe(0);
    for (const sub of [host.subdomain, second.body.subdomain]) {
      expect(res.stdout).toContain(
        `127.0.0.1 ${sub}.auth.${DOMAIN} ${sub}.rest.${DOMAIN} ${sub}.soap.${DOMAIN}\n`,
      );
    }
    const ca = join(host.config.dataDir, 'tls', 'ca.pem');
    expect(res.stdout).toContain(`export NODE_EXTRA_CA_CERTS=${ca}\n`);
    expect(res.stdout).toContain(
      `export PACKGATE_DROPIN_DOMAIN=${DOMAIN} PACKGATE_DROPIN_ADDRESS=127.0.0.1 PACKGATE_DROPIN_TLS_PORT=${host.config.tlsPort} PACKGATE_DROPIN_CA=${ca}\n`,
    );
    expect(res.stdout).toContain('export NODE_OPTIONS="--import packgate/dropin"\n');
    // The test server listens on a random port with port-less base URIs: hosts lines alone are not enough.
    expect(res.stdout).toContain('hosts lines alone do not reach it');
    const json = JSON.parse((await cli(host, 'dropin', '--json')).stdout);
    expect(json.environment.NODE_OPTIONS).toBe('--import packgate/dropin');
    expect(json.hostsLinesSuffice).toBe(false);
    expect(json.hostsLines).toHaveLength(2);
  });

  it('--apply writes the marked block (keeping a backup), again replaces it, --remove leaves the file byte-identical', async () => {
    const hostsFile = join(dir, 'hosts');
    writeFileSync(hostsFile, HOSTS);
    const applied = await cli(host, 'dropin', '--apply', '--hosts-file', hostsFile);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/^wrote 2 tenant line\(s\) into /);
    const text = readFileSync(hostsFile, 'utf8');
    expect(text.startsWith(HOSTS)).toBe(true);
    expect(text).toContain(`# BEGIN packgate dropin`);
    expect(text).toContain(`127.0.0.1 ${host.subdomain}.auth.${DOMAIN}`);
    expect(readFileSync(`${hostsFile}.packgate-backup`, 'utf8')).toBe(HOSTS);

    const again = await cli(host, 'dropin', '--apply', '--hosts-file', hostsFile);
    expect(again.stdout).toMatch(/already has these lines; nothing changed/);
    expect(readFileSync(hostsFile, 'utf8')).toBe(text);

    // --remove needs no server: it only takes the marked lines out.
    const removed = await runInProcess(['dropin', '--remove', '--hosts-file', hostsFile]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(readFileSync(hostsFile).equals(Buffer.from(HOSTS))).toBe(true);
    const nothing = await runInProcess(['dropin', '--remove', '--hosts-file', hostsFile, '--json']);
    expect(JSON.parse(nothing.stdout)).toEqual({ hostsFile, removed: false, backup: null });
  });

  it('a hosts file it may not write: ERR_HOSTS_FILE naming the file, and the file unchanged', async () => {
    if (process.getuid?.() === 0) {
      // root writes through any mode; a missing directory fails the same way for everyone
      const res = await cli(host, 'dropin', '--apply', '--hosts-file', join(dir, 'no-such-dir', 'hosts'));
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(
        /^packgate: cannot read .*no-such-dir\/hosts \(ENOENT\)\n {2}hint: check --hosts-file\n$/,
      );
      return;
    }
    const hostsFile = join(dir, 'readonly-hosts');
    writeFileSync(hostsFile, HOSTS);
    chmodSync(hostsFile, 0o444);
    const res = await cli(host, 'dropin', '--apply', '--hosts-file', hostsFile);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(
      /^packgate: cannot write .*readonly-hosts.* \(EACCES\)\n {2}hint: run it with sudo/,
    );
    expect(readFileSync(hostsFile, 'utf8')).toBe(HOSTS);
  });

  it('a broken block (begin marker, no end marker) is refused and the file left alone', async () => {
    const hostsFile = join(dir, 'broken-hosts');
    const broken = `${HOSTS}\n# BEGIN packgate dropin\n127.0.0.1 x.auth.${DOMAIN}\n`;
    writeFileSync(hostsFile, broken);
    const res = await runInProcess(['dropin', '--remove', '--hosts-file', hostsFile]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/without "# END packgate dropin"/);
    expect(readFileSync(hostsFile, 'utf8')).toBe(broken);
    expect(existsSync(`${hostsFile}.packgate-backup`)).toBe(false);
  });

  it('usage errors exit 2; a server in path mode gives ERR_HOST_MODE_OFF', async () => {
    expect((await runInProcess(['dropin', '--apply', '--remove'])).code).toBe(2);
    expect((await runInProcess(['dropin', '--hosts-file', '/tmp/x'])).code).toBe(2);
    expect((await cli(host, 'dropin', '--address', 'not-an-ip')).code).toBe(2);
    const res = await cli(plain, 'dropin');
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(
      /^packgate: this Packgate is not in host mode\n {2}hint: start it with PACKGATE_BASE_DOMAIN/,
    );
  });
});

describe('GET /admin/v1/host-mode', () => {
  it('describes the HTTPS ports and the CA, never a private key; documented in the OpenAPI file', async () => {
    const res = await host.admin('GET', '/host-mode');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      baseDomain: DOMAIN,
      listenHost: '127.0.0.1',
      tlsPort: host.config.tlsPort,
      tlsPublicPort: 443,
      caCertificatePath: join(host.config.dataDir, 'tls', 'ca.pem'),
      caCertificatePem: readFileSync(join(host.config.dataDir, 'tls', 'ca.pem'), 'utf8'),
      caFingerprint256: host.server.tls?.caFingerprint256,
    });
    expect(JSON.stringify(res.body)).not.toContain('PRIVATE KEY');
    const unauthenticated = await fetch(`${host.baseUrl}/admin/v1/host-mode`);
    expect(unauthenticated.status).toBe(401);
    expect((await plain.admin('GET', '/host-mode')).status).toBe(404);
    const openapi = await (await fetch(`${host.baseUrl}/openapi.json`)).json();
    const op = openapi.paths['/admin/v1/host-mode'].get;
    expect(op.operationId).toBe('getHostMode');
    expect(op.summary).toMatch(/local CA/);
    expect(op.tags).toEqual(['host mode']);
  });
});
