import { describe, expect, it } from 'vitest';
import { isDropinHost, parseDropinSettings } from './dropin-settings.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const files: Record<string, string> = { '/ca.pem': PEM, '/other.txt': 'hello' };
const read = (path: string) => {
  const text = files[path];
  if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
  return text;
};

describe('settings of the packgate/dropin preload', () => {
  it('reads the domain, address, TLS port and CA; address and port have defaults', () => {
    expect(
      parseDropinSettings(
        {
          PACKGATE_DROPIN_DOMAIN: 'MarketingCloudApis.com.',
          PACKGATE_DROPIN_ADDRESS: '127.0.0.2',
          PACKGATE_DROPIN_TLS_PORT: '8443',
          PACKGATE_DROPIN_CA: '/ca.pem',
        },
        read,
      ),
    ).toEqual({ baseDomain: 'marketingcloudapis.com', address: '127.0.0.2', tlsPort: 8443, caPem: PEM });
    expect(parseDropinSettings({ PACKGATE_DROPIN_DOMAIN: 'example.test' }, read)).toEqual({
      baseDomain: 'example.test',
      address: '127.0.0.1',
      tlsPort: 443,
      caPem: undefined,
    });
  });

  it.each([
    [{}, /^PACKGATE_DROPIN_DOMAIN is not set/],
    [{ PACKGATE_DROPIN_DOMAIN: 'evil.com/x' }, /^PACKGATE_DROPIN_DOMAIN: not a domain name/],
    [
      { PACKGATE_DROPIN_DOMAIN: 'a.test', PACKGATE_DROPIN_ADDRESS: 'localhost' },
      /^PACKGATE_DROPIN_ADDRESS: expected/,
    ],
    [
      { PACKGATE_DROPIN_DOMAIN: 'a.test', PACKGATE_DROPIN_TLS_PORT: '70000' },
      /^PACKGATE_DROPIN_TLS_PORT: expected/,
    ],
    [
      { PACKGATE_DROPIN_DOMAIN: 'a.test', PACKGATE_DROPIN_TLS_PORT: '44x' },
      /^PACKGATE_DROPIN_TLS_PORT: expected/,
    ],
    [
      { PACKGATE_DROPIN_DOMAIN: 'a.test', PACKGATE_DROPIN_CA: '/nope.pem' },
      /^PACKGATE_DROPIN_CA: cannot read \/nope.pem \(ENOENT\)/,
    ],
    [
      { PACKGATE_DROPIN_DOMAIN: 'a.test', PACKGATE_DROPIN_CA: '/other.txt' },
      /^PACKGATE_DROPIN_CA: \/other.txt holds no PEM/,
    ],
  ])('%j is refused naming the variable', (env, message) => {
    expect(() => parseDropinSettings(env, read)).toThrow(message);
  });

  it('only the domain and its subdomains are drop-in hosts', () => {
    const domain = 'marketingcloudapis.com';
    expect(isDropinHost('mc563885gzs27c5t9-63k636ttgm.auth.marketingcloudapis.com', domain)).toBe(true);
    expect(isDropinHost('MCX.REST.MarketingCloudApis.com.', domain)).toBe(true);
    expect(isDropinHost('marketingcloudapis.com', domain)).toBe(true);
    expect(isDropinHost('evilmarketingcloudapis.com', domain)).toBe(false);
    expect(isDropinHost('marketingcloudapis.com.evil.test', domain)).toBe(false);
    expect(isDropinHost('127.0.0.1', domain)).toBe(false);
    expect(isDropinHost(undefined, domain)).toBe(false);
  });
});
