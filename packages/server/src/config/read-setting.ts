import { isIP } from 'node:net';
import { ConfigError } from '../errors/config-error.js';
import type { PackgateConfig, RawSettings } from './config.js';
import { redactUrl } from './redact-url.js';
import { SETTINGS } from './settings.js';

/*
 * How one raw setting (a string from the environment or the command line) becomes a value:
 * empty means the default; anything else is checked and a bad value throws a ConfigError that
 * names the environment variable.
 */

function envName(key: keyof PackgateConfig): string {
  return SETTINGS.find((s) => s.key === key)?.env ?? key;
}

export function readInteger(
  raw: RawSettings,
  key: keyof PackgateConfig,
  fallback: number,
  min: number,
  max: number,
) {
  const value = raw[key];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value)) throw new ConfigError(envName(key), `expected a whole number, got "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw new ConfigError(envName(key), `must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function readBoolean(raw: RawSettings, key: keyof PackgateConfig, fallback: boolean): boolean {
  const value = raw[key];
  if (value === undefined || value === '') return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ConfigError(envName(key), `expected true or false, got "${value}"`);
}

export function readUrl(
  raw: RawSettings,
  key: keyof PackgateConfig,
  protocols: readonly string[],
): string | undefined {
  const value = raw[key];
  if (value === undefined || value === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(envName(key), `not a URL: "${redactUrl(value)}"`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(envName(key), `expected a ${protocols.join(' or ')} URL`);
  }
  return value;
}

export function readTokenFormat(raw: RawSettings): 'jwt' | 'opaque' {
  const value = raw.tokenFormat || 'jwt';
  if (value !== 'jwt' && value !== 'opaque') {
    throw new ConfigError('PACKGATE_TOKEN_FORMAT', `expected jwt or opaque, got "${value}"`);
  }
  return value;
}

/** proxy-addr's names for address ranges, accepted next to addresses and CIDR ranges. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** One trusted-proxy entry: an IP address, a CIDR range (`10.0.0.0/8`, `fd00::/8`) or a range name. */
function isProxyEntry(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * The reverse proxies whose `X-Forwarded-For` / `-Proto` are believed (comma-separated). Empty, the
 * default, believes none: a client cannot choose the address that rate limits and the audit log see.
 * No hop counts and no "all": trusting a header from anyone is exactly what this setting prevents.
 */
export function readTrustedProxies(raw: RawSettings): readonly string[] {
  const value = raw.trustedProxies;
  if (value === undefined || value.trim() === '') return [];
  const entries = value.split(',').map((e) => e.trim().toLowerCase());
  for (const entry of entries) {
    if (!isProxyEntry(entry)) {
      throw new ConfigError(
        'PACKGATE_TRUSTED_PROXIES',
        `expected IP addresses, CIDR ranges or loopback/linklocal/uniquelocal, got "${entry.slice(0, 60)}"`,
      );
    }
  }
  return Object.freeze(entries);
}
