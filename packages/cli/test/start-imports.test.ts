import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI_VERSION } from '../src/version.js';
import { CLI_MAIN } from './support/cli.js';

const HOOKS = new URL('./support/print-imports.mjs', import.meta.url).href;
const REGISTER = `data:text/javascript,import{register}from'node:module';register(${JSON.stringify(HOOKS)})`;

/** Runs the built CLI with the import-printing hooks; returns the modules it loaded. */
function importsOf(argv: readonly string[]): Promise<{ code: number; stdout: string; imported: string[] }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', REGISTER, CLI_MAIN, ...argv],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME } },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        if (code < 0) return reject(err);
        const imported = [...stderr.matchAll(/^imported (.+)$/gm)].map((m) => m[1] ?? '');
        resolve({ code, stdout, imported });
      },
    );
  });
}

/** The CLI's verb modules among `urls`, by file name (`token.js`), and whether commander, the SDK or the server loaded. */
function summarize(urls: readonly string[]) {
  return {
    verbModules: urls.flatMap((u) => /\/cli\/dist\/commands\/([^/]+\.js)$/.exec(u)?.[1] ?? []).sort(),
    server: urls.some((u) => u.includes('/packages/server/')),
    commander: urls.some((u) => u.includes('/node_modules/commander/')),
    sdk: urls.some((u) => u.includes('/packages/client/')),
  };
}

describe('what a command line loads (a fast start: only the verb it names)', () => {
  it.each([['--version'], ['-V']])(
    '%s loads no verb module, not commander, the SDK or the server',
    async (flag) => {
      const res = await importsOf([flag]);
      expect(res.code).toBe(0);
      expect(res.stdout).toBe(`${CLI_VERSION}\n`);
      expect(summarize(res.imported)).toEqual({
        verbModules: ['index.js'],
        server: false,
        commander: false,
        sdk: false,
      });
    },
  );

  it.each([['token'], ['doctor']])(
    '%s --help loads that verb only, not the SDK or the server',
    async (verb) => {
      const res = await importsOf([verb, '--help']);
      expect(res.code).toBe(0);
      expect(res.stdout).toContain(`Usage: packgate ${verb}`);
      expect(summarize(res.imported)).toEqual({
        verbModules: ['index.js', `${verb}.js`].sort(),
        server: false,
        commander: true,
        sdk: false,
      });
    },
  );

  it('serve --help loads the server settings (the hooks do see what is loaded)', async () => {
    const res = await importsOf(['serve', '--help']);
    expect(res.code).toBe(0);
    expect(summarize(res.imported)).toMatchObject({ verbModules: ['index.js', 'serve.js'], server: true });
  });

  it('--help loads every verb, so the list is complete', async () => {
    const res = await importsOf(['--help']);
    expect(res.code).toBe(0);
    expect(summarize(res.imported).verbModules.length).toBeGreaterThan(15);
  });
});
