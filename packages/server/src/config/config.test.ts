import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import { expiresInSeconds, parseConfig } from './config.js';
import { readEnv } from './read-env.js';
import { redactUrl } from './redact-url.js';

describe('configuration (PRODUCT.md §6)', () => {
  it('has the documented defaults', () => {
    const c = parseConfig({}, '/srv');
    expect(c).toMatchObject({
      host: '127.0.0.1',
      port: 8787,
      publicUrl: 'http://127.0.0.1:8787',
      dataDir: '/srv/.packgate',
      databaseUrl: undefined,
      propagationSeconds: 0,
      accessTokenTtlSeconds: 1200,
      secretTtlSeconds: 15_552_000,
      redisUrl: undefined,
      restRateLimitPerMinute: 2500,
      tokenRateLimitPerMinute: 0,
      refreshTokenReuseGraceSeconds: 0,
      shutdownDrainSeconds: 10,
      requestTimeoutSeconds: 60,
      headersTimeoutSeconds: 20,
      keepAliveTimeoutSeconds: 5,
      logLevel: 'info',
    });
    expect(Object.isFrozen(c)).toBe(true);
    expect(expiresInSeconds(c)).toBe(1079);
    expect(expiresInSeconds({ accessTokenTtlSeconds: 60 })).toBe(1);
  });

  it('reads PACKGATE_* from the environment only', () => {
    const raw = readEnv({ PACKGATE_PORT: '9000', PACKGATE_PROPAGATION_SECONDS: '300', HOME: '/root' });
    expect(raw).toEqual({ port: '9000', propagationSeconds: '300' });
  });

  it.each([
    [{ host: 'not_a_host!' }, 'PACKGATE_HOST'],
    [{ host: 'http://127.0.0.1' }, 'PACKGATE_HOST'],
    [{ port: 'eighty' }, 'PACKGATE_PORT'],
    [{ port: '70000' }, 'PACKGATE_PORT'],
    [{ publicUrl: 'not a url' }, 'PACKGATE_PUBLIC_URL'],
    [{ publicUrl: 'http://x.test/base' }, 'PACKGATE_PUBLIC_URL'],
    [{ databaseUrl: 'mysql://x' }, 'PACKGATE_DATABASE_URL'],
    [{ baseDomain: 'not a domain' }, 'PACKGATE_BASE_DOMAIN'],
    [{ accessTokenTtlSeconds: '0' }, 'PACKGATE_ACCESS_TOKEN_TTL_SECONDS'],
    [{ adminKey: 'short' }, 'PACKGATE_ADMIN_KEY'],
    [{ logLevel: 'loud' }, 'PACKGATE_LOG_LEVEL'],
    [{ redisUrl: 'http://127.0.0.1:6379' }, 'PACKGATE_REDIS_URL'],
    [{ restRateLimitPerMinute: '-1' }, 'PACKGATE_REST_RATE_LIMIT_PER_MINUTE'],
    [{ tokenRateLimitPerMinute: 'many' }, 'PACKGATE_TOKEN_RATE_LIMIT_PER_MINUTE'],
    [{ refreshTokenReuseGraceSeconds: '61' }, 'PACKGATE_REFRESH_TOKEN_REUSE_GRACE_SECONDS'],
    [{ refreshTokenReuseGraceSeconds: '-1' }, 'PACKGATE_REFRESH_TOKEN_REUSE_GRACE_SECONDS'],
    [{ shutdownDrainSeconds: '-5' }, 'PACKGATE_SHUTDOWN_DRAIN_SECONDS'],
    [{ requestTimeoutSeconds: '0' }, 'PACKGATE_REQUEST_TIMEOUT_SECONDS'],
    [{ headersTimeoutSeconds: '2.5' }, 'PACKGATE_HEADERS_TIMEOUT_SECONDS'],
    [{ requestTimeoutSeconds: '10', headersTimeoutSeconds: '20' }, 'PACKGATE_HEADERS_TIMEOUT_SECONDS'],
    [{ keepAliveTimeoutSeconds: '0' }, 'PACKGATE_KEEP_ALIVE_TIMEOUT_SECONDS'],
    [{ metricsToken: 'too-short' }, 'PACKGATE_METRICS_TOKEN'],
    [{ metricsToken: 'has a space in it somewhere' }, 'PACKGATE_METRICS_TOKEN'],
    [{ metricsPort: '70000' }, 'PACKGATE_METRICS_PORT'],
    [{ metricsPort: 'nine' }, 'PACKGATE_METRICS_PORT'],
    [{ port: '9000', metricsPort: '9000' }, 'PACKGATE_METRICS_PORT'],
  ])('bad setting %o fails naming %s', (raw, setting) => {
    let error: unknown;
    try {
      parseConfig(raw as never);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).setting).toBe(setting);
    expect((error as ConfigError).message.split('\n')).toHaveLength(1);
  });

  it('accepts IPv4, IPv6 and host names as PACKGATE_HOST', () => {
    for (const host of ['0.0.0.0', '::', '::1', 'localhost', 'packgate.internal', 'api-1.example.test']) {
      expect(parseConfig({ host }).host).toBe(host);
    }
  });

  it('rejects unknown keys', () => {
    expect(() => parseConfig({ colour: 'blue' } as never)).toThrow(ConfigError);
  });

  it('never prints a database password', () => {
    expect(redactUrl('postgres://app:s3cret@db:5432/x')).toBe('postgres://app:***@db:5432/x');
    let message = '';
    try {
      parseConfig({ databaseUrl: 'mysql://app:s3cret@db/x' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).not.toContain('s3cret');
  });
});
