import { describe, expect, it } from 'vitest';
import { secretChecksum } from '../secrets/secret-format.js';
import { parseSeed } from './parse-seed.js';
import { SeedError } from './seed-error.js';

const SUB = `mc${'a'.repeat(26)}`;
const CLIENT_ID = 'abcdefghijklmnopqrstuvwx';
const head = `SFMC_${'A'.repeat(51)}`;
const SECRET = head + secretChecksum(head);

const valid = () => ({
  version: 1,
  tenants: [
    {
      subdomain: SUB,
      eid: 10000001,
      name: 'Acme',
      businessUnits: [{ mid: 10000002, name: 'Child' }],
      users: [
        { username: 'ana', password: 'pw', businessUnits: [{ mid: 10000001, permissions: ['email_read'] }] },
      ],
      packages: [
        {
          name: 'S2S',
          integration: {
            integrationType: 'server-to-server',
            clientId: CLIENT_ID,
            clientSecret: SECRET,
            scopes: ['email_read'],
          },
        },
        {
          name: 'Web',
          integration: {
            integrationType: 'web-app',
            scopes: ['offline'],
            redirectUris: ['https://app.test/cb'],
            licensedUsers: ['ana'],
          },
        },
      ],
      dataExtensions: [
        {
          mid: 10000001,
          name: 'Subs',
          key: 'subs',
          fields: [{ name: 'Email', type: 'EmailAddress', isPrimaryKey: true }],
          rows: [{ Email: 'a@b.test' }],
        },
      ],
    },
  ],
});

/** The one line a bad file produces. */
function problem(mutate: (doc: any) => void): string {
  const doc = valid();
  mutate(doc);
  try {
    parseSeed(JSON.stringify(doc));
  } catch (err) {
    expect(err).toBeInstanceOf(SeedError);
    return (err as SeedError).message;
  }
  throw new Error('the file was accepted');
}

describe('seed files: validation names the place in the file', () => {
  it('accepts a complete valid file', () => {
    expect(parseSeed(JSON.stringify(valid())).tenants[0]?.subdomain).toBe(SUB);
  });

  it.each<[string, (doc: any) => void, string]>([
    [
      'not an object at the top',
      (d) => {
        d.tenants = 'x';
      },
      'tenants: must be array',
    ],
    [
      'a missing version',
      (d) => {
        delete d.version;
      },
      'version: required',
    ],
    [
      'another version',
      (d) => {
        d.version = 2;
      },
      'version: must be 1',
    ],
    [
      'an unknown top-level property',
      (d) => {
        d.tenant = [];
      },
      'tenant: unknown property (allowed: $schema, $comment, version, tenants)',
    ],
    [
      'a missing subdomain',
      (d) => {
        delete d.tenants[0].subdomain;
      },
      'tenants[0].subdomain: required',
    ],
    [
      'a subdomain of the wrong shape',
      (d) => {
        d.tenants[0].subdomain = 'mcABC';
      },
      'tenants[0].subdomain: must match ^mc[a-z0-9]{26}$ — The fixed 28-character tenant subdomain: "mc" + 26 characters a-z 0-9.',
    ],
    [
      'an EID of 9 digits',
      (d) => {
        d.tenants[0].eid = 123456789;
      },
      "tenants[0].eid: must be <= 99999999 — A fixed enterprise id (also the top BU's MID); generated when left out. A whole number 1–99999999.",
    ],
    [
      'an EID as text',
      (d) => {
        d.tenants[0].eid = '10000001';
      },
      'tenants[0].eid: must be integer',
    ],
    [
      'an unknown tenant section (typo)',
      (d) => {
        d.tenants[0].package = [];
      },
      'tenants[0].package: unknown property (allowed: subdomain, eid, name, businessUnits, users, packages, dataExtensions, fidelity, faults)',
    ],
    [
      'a client id of 23 characters',
      (d) => {
        d.tenants[0].packages[0].integration.clientId = 'a'.repeat(23);
      },
      'tenants[0].packages[0].integration.clientId: must match ^[a-z0-9]{24}$ — A fixed client id: exactly 24 characters a-z 0-9, like Marketing Cloud client ids.',
    ],
    [
      'a client id in upper case',
      (d) => {
        d.tenants[0].packages[0].integration.clientId = 'A'.repeat(24);
      },
      'tenants[0].packages[0].integration.clientId: must match ^[a-z0-9]{24}$',
    ],
    [
      'a secret of the wrong shape',
      (d) => {
        d.tenants[0].packages[0].integration.clientSecret = 'SFMC_short';
      },
      'tenants[0].packages[0].integration.clientSecret: must match ^SFMC_[A-Za-z0-9]{51}[0-9a-f]{8}$',
    ],
    [
      'a secret with a wrong checksum',
      (d) => {
        d.tenants[0].packages[0].integration.clientSecret = `${head}00000000`;
      },
      'tenants[0].packages[0].integration.clientSecret: the checksum (last 8 characters: CRC-32 of the first 56, lowercase hex) does not match.',
    ],
    [
      'a secret and its hash',
      (d) => {
        d.tenants[0].packages[0].integration.clientSecretSha256 = 'a'.repeat(64);
      },
      'tenants[0].packages[0].integration.clientSecretSha256: give either clientSecret or clientSecretSha256, not both.',
    ],
    [
      'a hash that is not hex SHA-256',
      (d) => {
        const i = d.tenants[0].packages[0].integration;
        delete i.clientSecret;
        i.clientSecretSha256 = 'xyz';
      },
      'tenants[0].packages[0].integration.clientSecretSha256: must match ^[0-9a-f]{64}$',
    ],
    [
      'a secret on a public app',
      (d) => {
        d.tenants[0].packages[1].integration.integrationType = 'public-app';
        d.tenants[0].packages[1].integration.clientSecret = SECRET;
      },
      'tenants[0].packages[1].integration.clientSecret: public-app integrations have no client secret.',
    ],
    [
      'an unknown integration type',
      (d) => {
        d.tenants[0].packages[0].integration.integrationType = 's2s';
      },
      'tenants[0].packages[0].integration.integrationType: must be one of "server-to-server", "web-app", "public-app"',
    ],
    [
      'an unknown scope',
      (d) => {
        d.tenants[0].packages[0].integration.scopes = ['email_read', 'emails_read'];
      },
      'tenants[0].packages[0].integration.scopes[1]: must be one of "email_read", "email_write"',
    ],
    [
      'redirect URIs on S2S',
      (d) => {
        d.tenants[0].packages[0].integration.redirectUris = ['https://x.test/'];
      },
      'tenants[0].packages[0].integration.redirectUris: server-to-server integrations have no redirect URIs.',
    ],
    [
      'licences on S2S',
      (d) => {
        d.tenants[0].packages[0].integration.licensedUsers = ['ana'];
      },
      'tenants[0].packages[0].integration.licensedUsers: server-to-server integrations get BU access through "access", not licences.',
    ],
    [
      'access with all and mids',
      (d) => {
        d.tenants[0].packages[0].integration.access = { all: true, mids: [10000001] };
      },
      'tenants[0].packages[0].integration.access: give either {"all": true} or {"mids": [...]}.',
    ],
    [
      'empty access',
      (d) => {
        d.tenants[0].packages[0].integration.access = {};
      },
      'tenants[0].packages[0].integration.access: give either {"all": true} or {"mids": [...]}.',
    ],
    [
      'MID access on a web app',
      (d) => {
        d.tenants[0].packages[1].integration.access = { all: true };
      },
      'tenants[0].packages[1].integration.access: web and public apps get BU access through licensedUsers, not MIDs.',
    ],
    [
      'one client id twice',
      (d) => {
        d.tenants[0].packages[1].integration.clientId = CLIENT_ID;
      },
      `tenants[0].packages[1].integration.clientId: client id "${CLIENT_ID}" is already used at tenants[0].packages[0].integration.clientId.`,
    ],
    [
      "a MID equal to another tenant's EID",
      (d) => {
        d.tenants.push({ subdomain: `mc${'b'.repeat(26)}`, eid: 10000002, name: 'B' });
      },
      'tenants[1].eid: account number (EID or MID) 10000002 is already used at tenants[0].businessUnits[0].mid.',
    ],
    [
      'one subdomain twice',
      (d) => {
        d.tenants.push({ subdomain: SUB, name: 'B' });
      },
      `tenants[1].subdomain: subdomain "${SUB}" is already used at tenants[0].subdomain.`,
    ],
    [
      'one username twice (case-insensitive)',
      (d) => {
        d.tenants[0].users.push({ username: 'ANA', password: 'x', businessUnits: [] });
      },
      'tenants[0].users[1].username: username in tenants[0].users "ana" is already used at tenants[0].users[0].username.',
    ],
    [
      'a password and a hash',
      (d) => {
        d.tenants[0].users[0].passwordHash = 'scrypt$1$1$1$a$b';
      },
      'tenants[0].users[0].passwordHash: give either password or passwordHash, not both.',
    ],
    [
      'a permission that is not a scope',
      (d) => {
        d.tenants[0].users[0].businessUnits[0].permissions = ['admin'];
      },
      'tenants[0].users[0].businessUnits[0].permissions[0]: must be one of',
    ],
    [
      'a Data Extension field of an unknown type',
      (d) => {
        d.tenants[0].dataExtensions[0].fields[0].type = 'Email';
      },
      'tenants[0].dataExtensions[0].fields[0].type: must be one of "Text", "Number"',
    ],
    [
      'a row value that is an object',
      (d) => {
        d.tenants[0].dataExtensions[0].rows[0].Email = { a: 1 };
      },
      'tenants[0].dataExtensions[0].rows[0].Email: must be string or number or boolean or null',
    ],
    [
      'one Data Extension key twice in a BU',
      (d) => {
        d.tenants[0].dataExtensions.push({ ...d.tenants[0].dataExtensions[0], key: 'SUBS' });
      },
      'tenants[0].dataExtensions[1].key: Data Extension key "10000001/subs" is already used at tenants[0].dataExtensions[0].key.',
    ],
    [
      'a package without a name',
      (d) => {
        delete d.tenants[0].packages[0].name;
      },
      'tenants[0].packages[0].name: required',
    ],
    [
      'two unnamed-by-id packages with one name',
      (d) => {
        d.tenants[0].packages.push({ name: 'Web' });
      },
      'tenants[0].packages[2].name: package name in tenants[0].packages "Web" is already used at tenants[0].packages[1].name.',
    ],
    [
      'a fidelity switch of the wrong value',
      (d) => {
        d.tenants[0].fidelity = { tokenFormat: 'jws' };
      },
      'tenants[0].fidelity.tokenFormat: must be one of "jwt", "opaque"',
    ],
    [
      'an unknown fidelity switch',
      (d) => {
        d.tenants[0].fidelity = { tokenTtl: 60 };
      },
      'tenants[0].fidelity.tokenTtl: unknown property (allowed: propagationSeconds, accessTokenTtlSeconds, tokenFormat',
    ],
    [
      'a negative access-token lifetime in the file',
      (d) => {
        d.tenants[0].fidelity = { accessTokenTtlSeconds: -1 };
      },
      'tenants[0].fidelity.accessTokenTtlSeconds: must be >= 1',
    ],
  ])('refuses %s', (_name, mutate, expected) => {
    expect(problem(mutate)).toContain(expected);
  });

  it('says how many other places are wrong', () => {
    expect(
      problem((d) => {
        d.tenants[0].eid = 0;
        d.tenants[0].name = '';
      }),
    ).toMatch(/^tenants\[0\]\.eid: must be >= 1 .*\(and 1 more problem\)$/);
  });

  it('refuses text that is not JSON, and says YAML is not read', () => {
    expect(() => parseSeed('tenants:\n  - name: x')).toThrow(
      'not valid JSON; seed files are JSON (YAML is not supported).',
    );
    const secret = `SFMC_${'Q'.repeat(59)}`;
    const bad = `{"version": 1, "x": "${secret}" oops}`;
    expect(() => parseSeed(bad)).toThrow(/^not valid JSON at line 1, column 88;/);
    expect(() => parseSeed(bad)).not.toThrow(secret);
    expect(() => parseSeed('')).toThrow(SeedError);
    expect(() => parseSeed('null')).toThrow('must be object');
  });
});
