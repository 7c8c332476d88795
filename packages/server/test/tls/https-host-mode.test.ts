import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { startServer } from '../../src/start-server.js';
import { tlsPaths } from '../../src/tls/ensure-tls-material.js';

const DOMAIN = 'marketingcloudapis.com';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** One request over HTTPS to 127.0.0.1, naming `host` in SNI and Host, trusting only `ca`. */
function overTls(
  port: number,
  host: string,
  ca: string | undefined,
  init: { method?: string; path: string; body?: object; token?: string; agent?: Agent },
): Promise<Answer> {
  const payload = init.body ? JSON.stringify(init.body) : undefined;
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        servername: host,
        method: init.method ?? 'GET',
        path: init.path,
        ...(ca ? { ca } : {}),
        ...(init.agent ? { agent: init.agent } : {}),
        headers: {
          host,
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            body = text;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function overHttp(port: number, host: string, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    httpRequest({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: undefined }));
    })
      .on('error', reject)
      .end();
  });
}

describe('TLS in host mode (issue 10 part 1): local CA, HTTPS next to plain HTTP', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'packgate-tls-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  // Base URIs without a port, as the drop-in preload expects (with one, a token naming
  // `https://{28 chars}.auth.marketingcloudapis.com:{port}/` would outgrow 512 characters).
  const config = (baseDomain = DOMAIN) =>
    parseConfig({ port: '0', tlsPort: '0', tlsPublicPort: '443', baseDomain, dataDir, logLevel: 'silent' });

  it('first start creates the CA (key 0600) and serves the token endpoint and the REST API over HTTPS with HSTS', async () => {
    const server = await startServer(config(), { demo: true });
    try {
      const paths = tlsPaths(dataDir);
      expect(statSync(paths.caPrivateKey).mode & 0o777).toBe(0o600);
      expect(statSync(paths.leafPrivateKey).mode & 0o777).toBe(0o600);
      expect(server.tls?.createdCa).toBe(true);
      const ca = readFileSync(paths.caCertificate, 'utf8');
      expect(server.banner).toContain(paths.caCertificate);
      expect(server.banner).toContain(new X509Certificate(ca).fingerprint256);
      const tlsPort = Number(new URL(server.tlsUrl as string).port);
      expect(tlsPort).toBeGreaterThan(0);
      expect(tlsPort).not.toBe(Number(new URL(server.url).port));

      const sub = server.report.tenant.subdomain;
      const { authBaseUri, restBaseUri } = server.report.baseUris;
      expect(authBaseUri).toBe(`https://${sub}.auth.${DOMAIN}/`);
      const demo = server.report.demo;
      if (!demo) throw new Error('demo package expected');
      const token = await overTls(tlsPort, `${sub}.auth.${DOMAIN}`, ca, {
        method: 'POST',
        path: '/v2/token',
        body: {
          grant_type: 'client_credentials',
          client_id: demo.clientId,
          client_secret: demo.clientSecret,
          account_id: String(demo.accountId),
        },
      });
      expect(token.status).toBe(200);
      expect(token.headers['strict-transport-security']).toBe('max-age=31536000');
      expect(token.body.rest_instance_url).toBe(restBaseUri);

      const context = await overTls(tlsPort, `${sub}.rest.${DOMAIN}`, ca, {
        path: '/platform/v1/tokenContext',
        token: token.body.access_token,
      });
      expect(context.status).toBe(200);
      expect(context.body.organization.id).toBe(demo.accountId);
      expect(context.headers['strict-transport-security']).toBe('max-age=31536000');

      // A 404 from Fastify's not-found handler is an HTTPS answer too.
      const missing = await overTls(tlsPort, `${sub}.auth.${DOMAIN}`, ca, { path: '/nothing-here' });
      expect(missing.status).toBe(404);
      expect(missing.headers['strict-transport-security']).toBe('max-age=31536000');

      // Plain HTTP keeps working, without HSTS (RFC 6797 §7.2).
      const plain = await overHttp(
        Number(new URL(server.url).port),
        `${sub}.auth.${DOMAIN}`,
        '/.well-known/oauth-authorization-server',
      );
      expect(plain.status).toBe(200);
      expect(plain.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('a client that does not trust the local CA is refused at the handshake', async () => {
    const server = await startServer(config());
    try {
      const tlsPort = Number(new URL(server.tlsUrl as string).port);
      const sub = server.report.tenant.subdomain;
      await expect(
        overTls(tlsPort, `${sub}.auth.${DOMAIN}`, undefined, { path: '/healthz' }),
      ).rejects.toThrow(
        /self-signed certificate in certificate chain|unable to verify|unable to get local issuer/,
      );
      // A host name the certificate does not cover fails the identity check.
      const ca = readFileSync(tlsPaths(dataDir).caCertificate, 'utf8');
      await expect(overTls(tlsPort, `${sub}.auth.example.org`, ca, { path: '/healthz' })).rejects.toThrow(
        /does not match certificate's altnames|Hostname\/IP does not match/,
      );
    } finally {
      await server.close();
    }
  });

  it('a restart keeps the CA and the leaf; a new base domain gets a new leaf from the same CA', async () => {
    const before = readFileSync(tlsPaths(dataDir).caCertificate, 'utf8');
    const leafBefore = readFileSync(tlsPaths(dataDir).leafCertificate, 'utf8');
    const again = await startServer(config());
    try {
      expect(again.tls?.createdCa).toBe(false);
      expect(again.tls?.leafIssuedBecause).toBeUndefined();
      expect(readFileSync(tlsPaths(dataDir).leafCertificate, 'utf8')).toBe(leafBefore);
    } finally {
      await again.close();
    }
    const moved = await startServer(config('example.test'));
    try {
      expect(moved.tls?.createdCa).toBe(false);
      expect(moved.tls?.leafIssuedBecause).toBe('its host names differ from the base domain');
      expect(readFileSync(tlsPaths(dataDir).caCertificate, 'utf8')).toBe(before);
      const tlsPort = Number(new URL(moved.tlsUrl as string).port);
      const sub = moved.report.tenant.subdomain;
      const res = await overTls(tlsPort, `${sub}.auth.example.test`, before, {
        path: '/.well-known/oauth-authorization-server',
      });
      expect(res.status).toBe(200);
    } finally {
      await moved.close();
    }
  });

  it('without PACKGATE_TLS_PUBLIC_PORT the base URIs carry the port HTTPS listens on', async () => {
    const server = await startServer(
      parseConfig({ port: '0', tlsPort: '0', baseDomain: 'x.test', dataDir, logLevel: 'silent' }),
    );
    try {
      const sub = server.report.tenant.subdomain;
      const tlsPort = Number(new URL(server.tlsUrl as string).port);
      expect(server.report.baseUris.authBaseUri).toBe(`https://${sub}.auth.x.test:${tlsPort}/`);
    } finally {
      await server.close();
    }
  });

  it('graceful close: an idle HTTPS keep-alive connection does not hold the shutdown', async () => {
    const server = await startServer(config());
    const agent = new Agent({ keepAlive: true });
    try {
      const tlsPort = Number(new URL(server.tlsUrl as string).port);
      const ca = readFileSync(tlsPaths(dataDir).caCertificate, 'utf8');
      const res = await overTls(tlsPort, 'localhost', ca, { path: '/healthz', agent });
      expect(res.status).toBe(200);
      expect(res.headers.connection).toBe('keep-alive');
    } finally {
      const report = await server.close();
      expect(report.cutConnections).toBe(0);
      agent.destroy();
    }
  });
});
