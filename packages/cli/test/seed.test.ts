import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secretChecksum } from '@packgate/server';
import { afterEach, describe, expect, it } from 'vitest';
import { runInProcess, spawnCli, startServe } from './support/cli.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'packgate-cli-seed-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const SUB = `mc${'cli'.repeat(8)}xy`;
const CLIENT_ID = 'clicliclicliclicliclicli';
const head = `SFMC_${'K'.repeat(51)}`;
const SECRET = head + secretChecksum(head);
const SEED = {
  version: 1,
  tenants: [
    {
      subdomain: SUB,
      eid: 30000001,
      name: 'CLI seed',
      packages: [
        {
          name: 'CI',
          integration: {
            integrationType: 'server-to-server',
            clientId: CLIENT_ID,
            clientSecret: SECRET,
            scopes: ['data_extensions_read'],
          },
        },
      ],
    },
  ],
};

describe('packgate serve --seed FILE', () => {
  it("starts with the file's tenant and credentials (and PACKGATE_SEED_FILE does the same)", async () => {
    const dir = tempDir();
    const file = join(dir, 'packgate.seed.json');
    writeFileSync(file, JSON.stringify(SEED));
    for (const how of ['flag', 'env'] as const) {
      const dataDir = join(dir, how);
      const serve = await startServe(
        [
          '--port',
          '0',
          '--data-dir',
          dataDir,
          '--log-level',
          'silent',
          ...(how === 'flag' ? ['--seed', file] : []),
        ],
        { env: how === 'env' ? { PACKGATE_SEED_FILE: file } : {} },
      );
      try {
        expect(serve.banner).toContain(`tenant:         CLI seed (subdomain ${SUB}, EID 30000001)`);
        expect(serve.banner).toContain(`seed file:      ${file}`);
        const url = /Auth base URI: {2}(\S+)/.exec(serve.banner)?.[1];
        const res = await fetch(`${url}v2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            grant_type: 'client_credentials',
            client_id: CLIENT_ID,
            client_secret: SECRET,
          }),
        });
        expect(res.status).toBe(200);
      } finally {
        expect((await serve.stop()).code).toBe(0);
      }
    }
  });

  it('a bad seed file: exit 1, one line naming the file and the place in it, and a hint', async () => {
    const dir = tempDir();
    const file = join(dir, 'bad.seed.json');
    const bad = structuredClone(SEED) as any;
    bad.tenants[0].packages[0].integration.clientId = 'CLI';
    writeFileSync(file, JSON.stringify(bad));
    const res = await spawnCli(['serve', '--seed', file, '--port', '0', '--data-dir', join(dir, 'data')]);
    expect(res.code).toBe(1);
    const [line, hint, ...rest] = res.stderr.trim().split('\n');
    expect(line).toBe(
      `packgate: seed file ${file}: tenants[0].packages[0].integration.clientId: must match ^[a-z0-9]{24}$ — A fixed client id: exactly 24 characters a-z 0-9, like Marketing Cloud client ids.`,
    );
    expect(hint).toContain('hint: fix that place in the seed file');
    expect(rest).toEqual([]);
  });
});

describe('packgate export and packgate seed', () => {
  it('export writes the seed the server runs on; seed applies a file to a running server', async () => {
    const dir = tempDir();
    const file = join(dir, 'packgate.seed.json');
    writeFileSync(file, JSON.stringify(SEED));
    const dataDir = join(dir, 'data');
    const serve = await startServe([
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--log-level',
      'silent',
      '--seed',
      file,
    ]);
    try {
      const url = /listening on (\S+)/.exec(serve.banner)?.[1] as string;
      const flags = ['--url', url, '--admin-key-file', join(dataDir, 'admin-key')];
      const out = await runInProcess(['export', ...flags]);
      expect(out.code, out.stderr).toBe(0);
      const doc = JSON.parse(out.stdout);
      expect(doc.tenants[0].subdomain).toBe(SUB);
      expect(doc.tenants[0].packages[0].integration.clientId).toBe(CLIENT_ID);
      expect(out.stdout).not.toContain(SECRET);

      const target = join(dir, 'exported.json');
      const written = await runInProcess(['export', ...flags, '--out', target, '--secrets', 'omit']);
      expect(written.code).toBe(0);
      expect(statSync(target).mode & 0o777).toBe(0o600);
      expect(readFileSync(target, 'utf8')).not.toContain('clientSecretSha256');

      const same = await runInProcess(['seed', file, ...flags]);
      expect(same.code, same.stderr).toBe(0);
      expect(same.stdout).toBe('nothing to change\n');
      const renamed = structuredClone(SEED) as any;
      renamed.tenants[0].name = 'CLI seed 2';
      writeFileSync(file, JSON.stringify(renamed));
      const changed = await runInProcess(['seed', file, ...flags, '--json']);
      expect(JSON.parse(changed.stdout).changes).toEqual(['tenants[0].name: updated']);

      const bad = await runInProcess(['export', ...flags, '--secrets', 'plain']);
      expect(bad.code).toBe(2);
      writeFileSync(file, '{"version": 1, "tenants": [{"subdomain": "x", "name": "y"}]}');
      const refused = await runInProcess(['seed', file, ...flags]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^packgate: tenants\[0\]\.subdomain: must match/);
      expect(refused.stderr).toContain('hint: fix tenants[0].subdomain');
    } finally {
      expect((await serve.stop()).code).toBe(0);
    }
  });
});
