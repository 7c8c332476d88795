import dns from 'node:dns';
import { connect, isIP } from 'node:net';
import { type CheckResult, check } from './check-result.js';

const WRONG_DOMAIN =
  'use your tenant-specific Authentication Base URI (https://{subdomain}.auth.marketingcloudapis.com/, shown on the API Integration)';

/**
 * `dns.lookup`, read when called: what Node's HTTP clients (fetch, http, https) resolve with, so a
 * preload that overrides it (`packgate/dropin`, a test's DNS stub) is seen by doctor as by them.
 */
function lookup(host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    dns.lookup(host, (err, address) => (err ? reject(err) : resolve(address)));
  });
}

export async function checkDns(hostname: string): Promise<CheckResult> {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return check('dns', 'DNS', 'pass', `${host} is an IP address`);
  try {
    const address = await lookup(host);
    return check('dns', 'DNS', 'pass', `${host} → ${address}`);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'ERROR';
    return check(
      'dns',
      'DNS',
      'fail',
      `${host} does not resolve (${code})`,
      `wrong auth domain: ${WRONG_DOMAIN}`,
    );
  }
}

export function checkTcp(hostname: string, port: number, timeoutMs: number): Promise<CheckResult> {
  const host = hostname.replace(/^\[|\]$/g, '');
  const where = `${host}:${port}`;
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (result: CheckResult) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () =>
      done(
        check(
          'tcp',
          'TCP connect',
          'fail',
          `no answer from ${where} within ${timeoutMs} ms`,
          `a firewall or the wrong domain: ${WRONG_DOMAIN}`,
        ),
      ),
    );
    socket.once('connect', () => done(check('tcp', 'TCP connect', 'pass', `connected to ${where}`)));
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const fix =
        err.code === 'ECONNREFUSED'
          ? 'nothing listens there: start the server (`packgate serve`) or fix the port'
          : `check the network; ${WRONG_DOMAIN}`;
      done(check('tcp', 'TCP connect', 'fail', `cannot connect to ${where} (${err.code ?? 'error'})`, fix));
    });
  });
}
