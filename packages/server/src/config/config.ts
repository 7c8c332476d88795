import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../errors/config-error.js';
import { readBoolean, readInteger, readTokenFormat, readTrustedProxies, readUrl } from './read-setting.js';
import { SETTINGS } from './settings.js';

/** Validated, frozen server configuration. Built once at boot by {@link parseConfig}. */
export interface PackgateConfig {
  readonly host: string;
  readonly port: number;
  /** Origin the server is reached at, without trailing slash (path mode base URIs hang off it). */
  readonly publicUrl: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly baseDomain: string | undefined;
  /** HTTPS port in host mode (0 = any free port). */
  readonly tlsPort: number;
  /** The port in host-mode base URIs; differs from tlsPort behind a port mapping (drop-in preload). */
  readonly tlsPublicPort: number;
  readonly propagationSeconds: number;
  readonly accessTokenTtlSeconds: number;
  /** `jwt`, or `opaque`: 512 characters in four segments like Marketing Cloud's (tenants may override). */
  readonly tokenFormat: 'jwt' | 'opaque';
  /** Token requests may be form-encoded (tenants may override). */
  readonly acceptFormBodies: boolean;
  /** Clients may authenticate with HTTP Basic at the token endpoint (tenants may override). */
  readonly acceptBasicAuth: boolean;
  readonly refreshTokenTtlSeconds: number;
  /** A retried identical refresh within this many seconds is refused without revoking; 0 = off. */
  readonly refreshTokenReuseGraceSeconds: number;
  readonly secretTtlSeconds: number;
  /** A new signing key takes over after this many days; 0 = only when the operator rotates. */
  readonly signingKeyRotationDays: number;
  /** Marketing Cloud's rotation limits (one Generate and one Activate per interval); 0 = off. */
  readonly secretRotationIntervalSeconds: number;
  readonly redisUrl: string | undefined;
  /** REST and SOAP requests per minute per client id; 0 = no limit. */
  readonly restRateLimitPerMinute: number;
  /** Token requests per minute per client id; 0 = no limit. */
  readonly tokenRateLimitPerMinute: number;
  /** Failed sign-ins per minute per source address (IPv6: per /64); 0 = no limit. */
  readonly loginFailuresPerAddressPerMinute: number;
  /** Wrong operator keys per minute per source address (IPv6: per /64); 0 = no limit. */
  readonly adminKeyFailuresPerMinute: number;
  readonly adminKey: string | undefined;
  /** On SIGTERM/SIGINT: how long requests already received may take to finish. */
  readonly shutdownDrainSeconds: number;
  /** Longest time a client may take to send one whole request (headers and body). */
  readonly requestTimeoutSeconds: number;
  /** Longest time a client may take to send a request's headers. */
  readonly headersTimeoutSeconds: number;
  /** How long an idle keep-alive connection stays open. */
  readonly keepAliveTimeoutSeconds: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** When set, `/metrics` answers only `Authorization: Bearer <this>`. */
  readonly metricsToken: string | undefined;
  /** When set, `/metrics` is served on this port only (same host), not on the main one. */
  readonly metricsPort: number | undefined;
  /** A seed file (absolute path) applied at every start; undefined: none. */
  readonly seedFile: string | undefined;
  /** Requests kept per tenant in the request journal (issue 10 part 7); 0 = no journal. */
  readonly journalSize: number;
  /** Reverse proxies whose X-Forwarded-* headers are believed (addresses, CIDRs, range names); none by default. */
  readonly trustedProxies: readonly string[];
}

export type RawSettings = Partial<Record<keyof PackgateConfig, string | undefined>>;

/** A DNS host name (RFC 1123 labels), e.g. `localhost` or `packgate.internal`. */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Validates raw settings (strings, as found in the environment or on the command line) and
 * returns the frozen configuration. Unknown keys are rejected; bad values throw
 * {@link ConfigError} naming the setting.
 */
export function parseConfig(raw: RawSettings, cwd: string = process.cwd()): PackgateConfig {
  for (const key of Object.keys(raw)) {
    if (!SETTINGS.some((s) => s.key === key)) throw new ConfigError(key, 'unknown setting');
  }
  const host = raw.host || '127.0.0.1';
  if (isIP(host) === 0 && !HOST_NAME.test(host)) {
    throw new ConfigError('PACKGATE_HOST', `expected an IP address or a host name, got "${host}"`);
  }
  const port = readInteger(raw, 'port', 8787, 0, 65535);
  const publicUrlRaw = readUrl(raw, 'publicUrl', ['http:', 'https:']);
  const publicUrl = (publicUrlRaw ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(
    /\/+$/,
    '',
  );
  if (publicUrlRaw && new URL(publicUrlRaw).pathname.replace(/\/+$/, '') !== '') {
    throw new ConfigError('PACKGATE_PUBLIC_URL', 'must be an origin without a path');
  }
  const baseDomain = raw.baseDomain || undefined;
  if (baseDomain !== undefined && !/^(?=.{1,200}$)([a-z0-9-]+\.)+[a-z0-9-]+$/i.test(baseDomain)) {
    throw new ConfigError('PACKGATE_BASE_DOMAIN', `not a domain name: "${baseDomain}"`);
  }
  const accessTokenTtlSeconds = readInteger(raw, 'accessTokenTtlSeconds', 1200, 1, 86_400);
  const adminKey = raw.adminKey || undefined;
  if (adminKey !== undefined && adminKey.length < 32) {
    throw new ConfigError('PACKGATE_ADMIN_KEY', 'must be at least 32 characters');
  }
  const logLevel = (raw.logLevel || 'info') as PackgateConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('PACKGATE_LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}`);
  }
  const requestTimeoutSeconds = readInteger(raw, 'requestTimeoutSeconds', 60, 1, 3600);
  const headersTimeoutSeconds = readInteger(raw, 'headersTimeoutSeconds', 20, 1, 3600);
  // node:http refuses a headers timeout longer than the request timeout.
  if (headersTimeoutSeconds > requestTimeoutSeconds) {
    throw new ConfigError(
      'PACKGATE_HEADERS_TIMEOUT_SECONDS',
      `must not exceed PACKGATE_REQUEST_TIMEOUT_SECONDS (${requestTimeoutSeconds}), got ${headersTimeoutSeconds}`,
    );
  }
  const metricsToken = raw.metricsToken || undefined;
  if (metricsToken !== undefined && (metricsToken.length < 16 || /\s/.test(metricsToken))) {
    throw new ConfigError('PACKGATE_METRICS_TOKEN', 'must be at least 16 characters without spaces');
  }
  const metricsPort =
    raw.metricsPort === undefined || raw.metricsPort === ''
      ? undefined
      : readInteger(raw, 'metricsPort', 0, 0, 65535);
  if (metricsPort !== undefined && metricsPort !== 0 && metricsPort === port) {
    throw new ConfigError('PACKGATE_METRICS_PORT', `must differ from PACKGATE_PORT (${port})`);
  }
  const dataDirRaw = raw.dataDir || './.packgate';
  const seedFileRaw = raw.seedFile || undefined;
  const tlsPort = readInteger(raw, 'tlsPort', 443, 0, 65535);
  return Object.freeze({
    host,
    port,
    publicUrl,
    dataDir: isAbsolute(dataDirRaw) ? dataDirRaw : resolve(cwd, dataDirRaw),
    databaseUrl: readUrl(raw, 'databaseUrl', ['postgres:', 'postgresql:']),
    baseDomain,
    tlsPort,
    tlsPublicPort: readInteger(raw, 'tlsPublicPort', tlsPort, 0, 65535),
    propagationSeconds: readInteger(raw, 'propagationSeconds', 0, 0, 86_400),
    accessTokenTtlSeconds,
    tokenFormat: readTokenFormat(raw),
    acceptFormBodies: readBoolean(raw, 'acceptFormBodies', true),
    acceptBasicAuth: readBoolean(raw, 'acceptBasicAuth', true),
    refreshTokenTtlSeconds: readInteger(raw, 'refreshTokenTtlSeconds', 2_592_000, 60, 31_536_000),
    refreshTokenReuseGraceSeconds: readInteger(raw, 'refreshTokenReuseGraceSeconds', 0, 0, 60),
    secretTtlSeconds: readInteger(raw, 'secretTtlSeconds', 15_552_000, 1, 315_360_000),
    signingKeyRotationDays: readInteger(raw, 'signingKeyRotationDays', 90, 0, 3650),
    secretRotationIntervalSeconds: readInteger(raw, 'secretRotationIntervalSeconds', 300, 0, 86_400),
    redisUrl: readUrl(raw, 'redisUrl', ['redis:', 'rediss:']),
    restRateLimitPerMinute: readInteger(raw, 'restRateLimitPerMinute', 2500, 0, 1_000_000),
    tokenRateLimitPerMinute: readInteger(raw, 'tokenRateLimitPerMinute', 0, 0, 1_000_000),
    loginFailuresPerAddressPerMinute: readInteger(raw, 'loginFailuresPerAddressPerMinute', 100, 0, 1_000_000),
    adminKeyFailuresPerMinute: readInteger(raw, 'adminKeyFailuresPerMinute', 20, 0, 1_000_000),
    adminKey,
    shutdownDrainSeconds: readInteger(raw, 'shutdownDrainSeconds', 10, 0, 3600),
    requestTimeoutSeconds,
    headersTimeoutSeconds,
    keepAliveTimeoutSeconds: readInteger(raw, 'keepAliveTimeoutSeconds', 5, 1, 3600),
    logLevel,
    metricsToken,
    metricsPort,
    seedFile: seedFileRaw === undefined || isAbsolute(seedFileRaw) ? seedFileRaw : resolve(cwd, seedFileRaw),
    journalSize: readInteger(raw, 'journalSize', 1000, 0, 100_000),
    trustedProxies: readTrustedProxies(raw),
  });
}

/** `expires_in` as Marketing Cloud reports it: the real lifetime minus its 121-second margin. */
export function expiresInSeconds(config: Pick<PackgateConfig, 'accessTokenTtlSeconds'>): number {
  return Math.max(1, config.accessTokenTtlSeconds - 121);
}
