import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOMAIN, type DropinRig, guardLoopback, sdkVersion, startDropinRig } from './dropin-harness.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./scripts/token-and-context.mjs', import.meta.url));

let rig: DropinRig;
beforeAll(async () => {
  rig = await startDropinRig();
});
afterAll(async () => rig?.close());

/** A child Node process in the repository root, with only PATH, HOME and `env`. */
function runNode(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const dropinEnv = () => ({
  NODE_OPTIONS: '--import packgate/dropin',
  PACKGATE_DROPIN_DOMAIN: DOMAIN,
  PACKGATE_DROPIN_ADDRESS: '127.0.0.1',
  PACKGATE_DROPIN_TLS_PORT: String(rig.tlsPort),
});
const credentials = () => [rig.clientId, rig.clientSecret, rig.authBaseUri, String(rig.mid)];

describe('the packgate/dropin preload (NODE_OPTIONS="--import packgate/dropin", issue 10 part 2)', () => {
  it(`with NODE_EXTRA_CA_CERTS: ${sdkVersion('sfmc-sdk')} and fetch reach Packgate at Marketing Cloud's URLs`, async () => {
    const caFile = rig.server.server.tls?.caCertificatePath as string;
    const res = await runNode([SCRIPT, ...credentials()], { ...dropinEnv(), NODE_EXTRA_CA_CERTS: caFile });
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({
      restInstanceUrl: `https://${rig.subdomain}.rest.${DOMAIN}/`,
      organizationId: rig.mid,
      fetchStatus: 200,
      fetchHsts: 'max-age=31536000',
    });
  });

  it('with PACKGATE_DROPIN_CA instead: the preload trusts the CA itself', async () => {
    const caFile = rig.server.server.tls?.caCertificatePath as string;
    const res = await runNode([SCRIPT, ...credentials()], { ...dropinEnv(), PACKGATE_DROPIN_CA: caFile });
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout).organizationId).toBe(rig.mid);
  });

  it('without the CA in either place the handshake fails: the preload trusts nothing by itself', async () => {
    const res = await runNode([SCRIPT, ...credentials()], dropinEnv());
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/self-signed certificate in certificate chain|SELF_SIGNED_CERT_IN_CHAIN/);
  });

  it('other hosts are untouched: localhost still resolves through the system resolver', async () => {
    const res = await runNode(
      [
        '--input-type=module',
        '-e',
        `import dns from 'node:dns'; const a = await dns.promises.lookup('localhost'); const b = await dns.promises.lookup('MC1.AUTH.${DOMAIN}'); console.log(JSON.stringify([a.address, b.address]));`,
      ],
      { ...dropinEnv(), PACKGATE_DROPIN_ADDRESS: '127.0.0.9' },
    );
    expect(res.code, res.stderr).toBe(0);
    const [localhost, dropin] = JSON.parse(res.stdout);
    expect(['127.0.0.1', '::1']).toContain(localhost);
    expect(dropin).toBe('127.0.0.9');
  });

  it('loaded without PACKGATE_DROPIN_DOMAIN it stops the process at once (exit 78), naming the variable', async () => {
    const res = await runNode(['-e', 'console.log("ran")'], { NODE_OPTIONS: '--import packgate/dropin' });
    expect(res.code).toBe(78);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/^packgate\/dropin: PACKGATE_DROPIN_DOMAIN is not set/);
  });
});

describe("the suites' loopback guard", () => {
  it('refuses and records a connection that would leave the machine; loopback passes', async () => {
    const guard = guardLoopback();
    try {
      const refused = await new Promise<Error>((resolve) =>
        connect({ host: '192.0.2.1', port: 443 }).on('error', resolve),
      );
      expect(refused.message).toBe('test tried to reach 192.0.2.1, beyond loopback');
      expect(guard.escapes).toEqual(['192.0.2.1']);
      const port = Number(new URL(rig.server.baseUrl).port);
      await new Promise<void>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port }, () => {
          socket.end();
          resolve();
        }).on('error', reject);
      });
      expect(guard.escapes).toEqual(['192.0.2.1']);
    } finally {
      guard.restore();
    }
  });
});
