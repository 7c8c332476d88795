import { readEnv, SETTINGS } from '@packgate/server/config';
import { describe, expect, it } from 'vitest';
import { CLI_ENV_FIELDS, readCliEnv } from '../src/config/read-env.js';
import { KNOWN_VARIABLES, readServerSettings, unknownVariables } from '../src/config/server-env.js';
import { describeUnknownVariable } from '../src/serve/unknown-variables.js';

describe('reading the environment at start (without the server settings table)', () => {
  it('keeps only PACKGATE_* variables, frozen; an empty value is unset', () => {
    const env = readCliEnv({
      PACKGATE_CLIENT_ID: 'abc',
      PACKGATE_TENANT: '',
      HOME: '/root',
      packgate_url: 'x',
    });
    expect(env.variables).toEqual({ PACKGATE_CLIENT_ID: 'abc', PACKGATE_TENANT: '' });
    expect(env.clientId).toBe('abc');
    expect(env.tenant).toBeUndefined();
    expect(env.url).toBeUndefined();
    expect(Object.isFrozen(env)).toBe(true);
    expect(Object.isFrozen(env.variables)).toBe(true);
  });

  it('reads each field from its variable', () => {
    const all = Object.fromEntries(Object.values(CLI_ENV_FIELDS).map((name) => [name, `value of ${name}`]));
    const env = readCliEnv(all);
    for (const [field, name] of Object.entries(CLI_ENV_FIELDS)) {
      expect(env[field as keyof typeof CLI_ENV_FIELDS]).toBe(`value of ${name}`);
    }
  });

  it('the server settings the CLI reads itself are still server settings', () => {
    const serverNames = new Set(SETTINGS.map((s) => s.env));
    for (const name of [
      CLI_ENV_FIELDS.adminKey,
      CLI_ENV_FIELDS.dataDir,
      CLI_ENV_FIELDS.serverPublicUrl,
      CLI_ENV_FIELDS.serverPort,
    ]) {
      expect(serverNames).toContain(name);
    }
  });

  it('serve gets the same settings as reading the whole environment (every setting is PACKGATE_*)', () => {
    for (const s of SETTINGS) expect(s.env).toMatch(/^PACKGATE_/);
    const env = {
      ...Object.fromEntries(SETTINGS.map((s, i) => [s.env, i % 3 === 0 ? '' : `v${i}`])),
      PATH: '/bin',
      PACKGATE_CLIENT_ID: 'abc',
    };
    expect(readServerSettings(readCliEnv(env))).toEqual(readEnv(env));
    expect(readServerSettings(readCliEnv({}))).toEqual({});
  });
});

describe('PACKGATE_* variables nothing reads', () => {
  it('lists typos, sorted; not the CLI, server, drop-in or test variables', () => {
    const env = readCliEnv({
      PACKGATE_PROT: '1',
      PACKGATE_DATABSE_URL: 'x',
      PACKGATE_PORT: '1',
      PACKGATE_CLIENT_SECRET: 'x',
      PACKGATE_DROPIN_DOMAIN: 'x',
      PACKGATE_TEST_DATABASE_URL: 'x',
      PACKGATEX: 'x',
    });
    expect(unknownVariables(env)).toEqual(['PACKGATE_DATABSE_URL', 'PACKGATE_PROT']);
  });

  it('every variable the CLI reads is known, once', () => {
    for (const name of Object.values(CLI_ENV_FIELDS)) expect(KNOWN_VARIABLES).toContain(name);
    expect(new Set(KNOWN_VARIABLES).size).toBe(KNOWN_VARIABLES.length);
  });

  it('the warning suggests the setting within a small edit distance, and none when far', () => {
    expect(describeUnknownVariable('PACKGATE_PROT')).toBe(
      'packgate: warning: PACKGATE_PROT is not a Packgate setting and is ignored (did you mean PACKGATE_PORT?)\n',
    );
    expect(describeUnknownVariable('PACKGATE_SOMETHING_ELSE_ENTIRELY')).toBe(
      'packgate: warning: PACKGATE_SOMETHING_ELSE_ENTIRELY is not a Packgate setting and is ignored\n',
    );
  });
});
