import { isIP } from 'node:net';

/** What the drop-in preload needs: which names to send where, and the CA to trust for them. */
export interface DropinSettings {
  /** `marketingcloudapis.com`: every `*.{domain}` goes to Packgate. */
  readonly baseDomain: string;
  /** Packgate's address (an IP, so no lookup happens). */
  readonly address: string;
  /** Connections to port 443 of those hosts go to this port instead. */
  readonly tlsPort: number;
  /** PEM of the local CA, trusted for those hosts only; undefined: NODE_EXTRA_CA_CERTS does it. */
  readonly caPem: string | undefined;
}

/** The preload's environment variables (what `packgate dropin` prints). */
export const DROPIN_VARIABLES = [
  'PACKGATE_DROPIN_DOMAIN',
  'PACKGATE_DROPIN_ADDRESS',
  'PACKGATE_DROPIN_TLS_PORT',
  'PACKGATE_DROPIN_CA',
] as const;

const DOMAIN = /^(?=.{1,200}$)([a-z0-9-]+\.)+[a-z0-9-]+$/i;

/**
 * Reads the preload's settings from its environment; throws with a message naming the variable
 * when one is missing or wrong. `readFile` reads the CA file (injected for tests).
 */
export function parseDropinSettings(
  env: Readonly<Record<string, string | undefined>>,
  readFile: (path: string) => string,
): DropinSettings {
  const baseDomain = env.PACKGATE_DROPIN_DOMAIN?.toLowerCase().replace(/\.$/, '');
  if (!baseDomain) {
    throw new Error(
      'PACKGATE_DROPIN_DOMAIN is not set: the packgate/dropin preload needs the base domain to send to Packgate (`packgate dropin` prints the lines to set)',
    );
  }
  if (!DOMAIN.test(baseDomain)) throw new Error(`PACKGATE_DROPIN_DOMAIN: not a domain name: "${baseDomain}"`);
  const address = env.PACKGATE_DROPIN_ADDRESS || '127.0.0.1';
  if (isIP(address) === 0) {
    throw new Error(`PACKGATE_DROPIN_ADDRESS: expected Packgate's IP address, got "${address}"`);
  }
  const portText = env.PACKGATE_DROPIN_TLS_PORT || '443';
  const tlsPort = Number(portText);
  if (!/^\d+$/.test(portText) || tlsPort < 1 || tlsPort > 65535) {
    throw new Error(`PACKGATE_DROPIN_TLS_PORT: expected a port (1-65535), got "${portText}"`);
  }
  const caPath = env.PACKGATE_DROPIN_CA;
  let caPem: string | undefined;
  if (caPath) {
    try {
      caPem = readFile(caPath);
    } catch (err) {
      throw new Error(
        `PACKGATE_DROPIN_CA: cannot read ${caPath} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
    if (!caPem.includes('-----BEGIN CERTIFICATE-----')) {
      throw new Error(`PACKGATE_DROPIN_CA: ${caPath} holds no PEM certificate`);
    }
  }
  return { baseDomain, address, tlsPort, caPem };
}

/** True for `{anything}.{domain}` and the domain itself, case-insensitive, trailing dot allowed. */
export function isDropinHost(host: unknown, baseDomain: string): boolean {
  if (typeof host !== 'string' || host === '') return false;
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === baseDomain || name.endsWith(`.${baseDomain}`);
}
