import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import { parseConfig } from './config.js';

/** PACKGATE_TRUSTED_PROXIES: who may say, in X-Forwarded-For, which client a request is from. */
describe('trusted proxies setting', () => {
  it('trusts none by default', () => {
    expect(parseConfig({}).trustedProxies).toEqual([]);
    expect(parseConfig({ trustedProxies: ' ' }).trustedProxies).toEqual([]);
  });

  it('takes addresses, CIDR ranges and proxy-addr range names', () => {
    expect(
      parseConfig({ trustedProxies: '10.0.0.1, 10.0.0.0/8,fd00::/8, ::1, Loopback,uniquelocal' })
        .trustedProxies,
    ).toEqual(['10.0.0.1', '10.0.0.0/8', 'fd00::/8', '::1', 'loopback', 'uniquelocal']);
  });

  it.each([
    'true',
    '*',
    '1', // a hop count would trust whatever the nearest peer claims
    '10.0.0.0/33',
    'fd00::/129',
    '10.0.0.0/8/1',
    'proxy.internal',
    '10.0.0.1,,10.0.0.2',
    '256.0.0.1',
  ])('refuses %j, naming the setting', (value) => {
    let error: unknown;
    try {
      parseConfig({ trustedProxies: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('PACKGATE_TRUSTED_PROXIES');
  });
});
