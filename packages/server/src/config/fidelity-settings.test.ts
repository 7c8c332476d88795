import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import { parseConfig } from './config.js';

describe('global defaults of the fidelity switches (PACKGATE_TOKEN_FORMAT, PACKGATE_ACCEPT_*)', () => {
  it('default to JWTs, form bodies and HTTP Basic accepted (PRODUCT.md §4)', () => {
    const config = parseConfig({});
    expect([config.tokenFormat, config.acceptFormBodies, config.acceptBasicAuth]).toEqual([
      'jwt',
      true,
      true,
    ]);
  });

  it('read jwt/opaque and true/false/1/0', () => {
    const config = parseConfig({ tokenFormat: 'opaque', acceptFormBodies: 'false', acceptBasicAuth: '0' });
    expect([config.tokenFormat, config.acceptFormBodies, config.acceptBasicAuth]).toEqual([
      'opaque',
      false,
      false,
    ]);
    expect(parseConfig({ acceptFormBodies: '1', acceptBasicAuth: 'true' }).acceptBasicAuth).toBe(true);
  });

  it.each([
    ['tokenFormat', 'JWT', 'PACKGATE_TOKEN_FORMAT: expected jwt or opaque, got "JWT"'],
    ['tokenFormat', 'jws', 'PACKGATE_TOKEN_FORMAT: expected jwt or opaque, got "jws"'],
    ['acceptFormBodies', 'yes', 'PACKGATE_ACCEPT_FORM_BODIES: expected true or false, got "yes"'],
    ['acceptBasicAuth', 'FALSE', 'PACKGATE_ACCEPT_BASIC_AUTH: expected true or false, got "FALSE"'],
    ['acceptBasicAuth', '2', 'PACKGATE_ACCEPT_BASIC_AUTH: expected true or false, got "2"'],
  ] as const)('refuses %s=%s naming the setting', (key, value, message) => {
    expect(() => parseConfig({ [key]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [key]: value })).toThrow(message);
  });
});
