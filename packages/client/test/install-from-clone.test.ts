import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'packgate-install-'));
const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' },
  });

/** The README's install steps (packages/client/README.md "Install"): pack in the clone, install the tarball. */
describe('installing the SDK from a clone, as the README says', () => {
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('npm pack writes a tarball that an empty project installs offline and imports (both entry points)', () => {
    const packed = JSON.parse(
      npm(['pack', '--json', '--workspace', 'packages/client', '--pack-destination', work], root),
    );
    const tarball = join(work, packed[0].filename as string);
    expect(packed[0].filename).toBe('packgate-client-0.1.0.tgz');
    const files = (packed[0].files as { path: string }[]).map((f) => f.path);
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/admin/index.js');
    expect(files.some((f) => f.endsWith('.test.js') || f.startsWith('src/'))).toBe(false);

    const app = join(work, 'app');
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    // --offline: the SDK has no runtime dependency, so nothing is fetched.
    npm(['install', '--offline', tarball], app);
    writeFileSync(
      join(app, 'check.mjs'),
      "const sdk = await import('@packgate/client'); const admin = await import('@packgate/client/admin');\n" +
        'console.log(typeof sdk.createTokenProvider, typeof admin.createAdminClient);\n',
    );
    expect(execFileSync(process.execPath, ['check.mjs'], { cwd: app, encoding: 'utf8' }).trim()).toBe(
      'function function',
    );
  }, 120_000);
});
