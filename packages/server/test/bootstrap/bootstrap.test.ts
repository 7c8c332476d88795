import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/errors/config-error.js';
import { startServer } from '../../src/start-server.js';
import { post } from '../support/oauth-assertions.js';

describe('bootstrap on an empty store, and restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'packgate-boot-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const config = () => parseConfig({ port: '0', dataDir, logLevel: 'silent' });

  it('first start creates a tenant, its top BU, the operator key (0600) and the demo package; prints a working curl', async () => {
    const server = await startServer(config(), { demo: true });
    try {
      const { banner, report } = server;
      expect(report.createdTenant?.subdomain).toMatch(/^mc[a-z0-9]{26}$/);
      const demo = report.demo;
      expect(demo?.clientSecret).toMatch(/^SFMC_/);
      if (demo) demoOfDataDir = { clientId: demo.clientId, clientSecret: demo.clientSecret };
      expect(banner).toContain(demo?.clientSecret);
      expect(banner).toContain(demo?.clientId);
      expect(banner).toContain(report.baseUris.authBaseUri);
      expect(banner).toContain(report.baseUris.restBaseUri);
      expect(banner).toContain(report.baseUris.soapBaseUri);
      const mode = statSync(join(dataDir, 'admin-key')).mode & 0o777;
      expect(mode).toBe(0o600);
      expect(banner).not.toContain(server.ctx.adminKey);
      // The printed curl, executed as a user would paste it.
      const curl = /curl -s -X POST '([^']+)' -H 'Content-Type: application\/json' -d '([^']+)'/.exec(banner);
      expect(curl).not.toBeNull();
      const res = await post(curl?.[1] as string, curl?.[2] as string, { contentType: 'application/json' });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(
        [
          'access_token',
          'expires_in',
          'rest_instance_url',
          'scope',
          'soap_instance_url',
          'token_type',
        ].sort(),
      );
      expect(res.body.scope).toBe('data_extensions_read data_extensions_write');
    } finally {
      await server.close();
    }
  });

  it('a restart keeps everything and prints no secret', async () => {
    const first = await startServer(config(), { demo: true });
    const subdomain = first.report.tenant.subdomain;
    const adminKey = first.ctx.adminKey;
    const demo = first.report.demo ?? demoOfDataDir;
    if (!demo) throw new Error('the first test records the demo credentials of this data dir');
    const tokenBefore = await requestToken(first.report.baseUris.authBaseUri, demo);
    await first.close();
    const again = await startServer(config(), { demo: true });
    try {
      // the demo secret still authenticates, and tokens from before the restart still verify:
      // the signing key is persisted, not regenerated
      const tokenAfter = await requestToken(again.report.baseUris.authBaseUri, demo);
      const jwks = createLocalJWKSet(
        await (await fetch(`${again.report.baseUris.authBaseUri}.well-known/jwks.json`)).json(),
      );
      await expect(jwtVerify(tokenBefore, jwks)).resolves.toBeTruthy();
      expect(decodeProtectedHeader(tokenAfter).kid).toBe(decodeProtectedHeader(tokenBefore).kid);
      expect(again.report.createdTenant).toBeUndefined();
      expect(again.report.demo).toBeUndefined();
      expect(again.report.tenant.subdomain).toBe(subdomain);
      expect(again.ctx.adminKey).toBe(adminKey);
      expect(again.banner).not.toMatch(/SFMC_/);
      expect(again.banner).not.toContain('client secret');
      expect(again.banner).toContain(subdomain);
    } finally {
      await again.close();
    }
  });

  it('PACKGATE_ADMIN_KEY replaces the generated key file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'packgate-boot-key-'));
    const key = 'k'.repeat(40);
    const server = await startServer(
      parseConfig({ port: '0', dataDir: dir, logLevel: 'silent', adminKey: key }),
    );
    try {
      expect(server.ctx.adminKey).toBe(key);
      expect(() => statSync(join(dir, 'admin-key'))).toThrow();
      expect(server.banner).toContain('PACKGATE_ADMIN_KEY');
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('host mode: the banner names the HTTPS address and the local CA, and its direct curl (Host header) returns a token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'packgate-boot-host-'));
    const server = await startServer(
      parseConfig({
        port: '0',
        tlsPort: '0',
        tlsPublicPort: '443',
        dataDir: dir,
        logLevel: 'silent',
        baseDomain: 'example.test',
      }),
      { demo: true },
    );
    try {
      const sub = server.report.tenant.subdomain;
      expect(server.banner).toContain(`Auth base URI:  https://${sub}.auth.example.test/`);
      expect(server.banner).toContain(`HTTPS:          ${server.tlsUrl} (host mode`);
      expect(server.banner).toContain(`local CA:       ${join(dir, 'tls', 'ca.pem')} (created now)`);
      const direct =
        /curl -s -X POST '([^']+)' -H 'Host: ([^']+)' -H 'Content-Type: application\/json' -d '([^']+)'/.exec(
          server.banner,
        );
      expect(direct?.[1]).toBe(`${server.url}/v2/token`);
      expect(direct?.[2]).toBe(`${sub}.auth.example.test`);
      const res = await postWithHost(direct?.[1] as string, direct?.[2] as string, direct?.[3] as string);
      expect(res.status).toBe(200);
      const token = JSON.parse(res.text);
      expect(token.rest_instance_url).toBe(`https://${sub}.rest.example.test/`);
      const claims = JSON.parse(Buffer.from(token.access_token.split('.')[1], 'base64url').toString());
      expect(claims.iss).toBe(`https://${sub}.auth.example.test/`);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an emptied or too short admin-key file fails the boot naming PACKGATE_ADMIN_KEY', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'packgate-boot-shortkey-'));
    try {
      for (const content of ['', '\n', 'short-key\n']) {
        writeFileSync(join(dir, 'admin-key'), content, { mode: 0o600 });
        const err = await startServer(parseConfig({ port: '0', dataDir: dir, logLevel: 'silent' })).catch(
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(ConfigError);
        expect((err as ConfigError).setting).toBe('PACKGATE_ADMIN_KEY');
        expect((err as ConfigError).message).toContain('delete it to generate a new one');
        expect((err as ConfigError).message).not.toContain('short-key');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a public URL too long for 512-character tokens fails the boot naming the setting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'packgate-boot-long-'));
    try {
      const long = parseConfig({
        port: '0',
        dataDir: dir,
        logLevel: 'silent',
        publicUrl: `https://${'a'.repeat(80)}.example`,
      });
      await expect(startServer(long)).rejects.toThrow(ConfigError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** The demo credentials of the shared data dir, printed only by the start that created them. */
let demoOfDataDir: { clientId: string; clientSecret: string } | undefined;

async function requestToken(
  authBaseUri: string,
  demo: { clientId: string; clientSecret: string },
): Promise<string> {
  const res = await post(`${authBaseUri}v2/token`, {
    grant_type: 'client_credentials',
    client_id: demo.clientId,
    client_secret: demo.clientSecret,
  });
  expect(res.status).toBe(200);
  return res.body.access_token as string;
}

/** POST with its own Host header (fetch cannot set one), as curl -H 'Host: …' does. */
function postWithHost(url: string, host: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: 'POST', headers: { host, 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
