import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CliContext } from '../../src/cli-context.js';
import { readCliEnv } from '../../src/config/read-env.js';
import { runCli } from '../../src/program.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in this process with its own environment (no process.env) and captured output. */
export async function runInProcess(
  argv: readonly string[],
  options: { env?: Record<string, string>; cwd?: string; stdin?: string } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const ctx: CliContext = {
    env: readCliEnv(options.env ?? {}),
    cwd: options.cwd ?? process.cwd(),
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    waitForShutdown: () => Promise.resolve('test'),
    readStdin: () => Promise.resolve(options.stdin ?? ''),
    fetch: globalThis.fetch,
  };
  const code = await runCli(argv, ctx);
  return { code, stdout, stderr };
}

export const CLI_MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** The environment for a spawned CLI: PATH and HOME only, so the developer's PACKGATE_* never leak in. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...env };
}

/** Spawns the built CLI (`node packages/cli/dist/main.js …`), feeds it `stdin`, and waits for it to exit. */
export function spawnCli(
  argv: readonly string[],
  options: { env?: Record<string, string>; cwd?: string; stdin?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_MAIN, ...argv], {
      cwd: options.cwd ?? process.cwd(),
      env: childEnv(options.env ?? {}),
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    child.stdin?.end(options.stdin);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export interface ServeProcess {
  readonly child: ChildProcess;
  /** Everything printed on stdout until the banner was complete. */
  readonly banner: string;
  stop(signal?: NodeJS.Signals): Promise<CliResult>;
}

/** Spawns `packgate serve …` and resolves once its banner is printed (the process keeps running). */
export function startServe(
  argv: readonly string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<ServeProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_MAIN, 'serve', ...argv], {
      cwd: options.cwd ?? process.cwd(),
      env: childEnv(options.env ?? {}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let ready = false;
    const exited = new Promise<CliResult>((done) =>
      child.once('close', (code) => {
        if (!ready) reject(new Error(`serve exited with ${code}: ${stderr}`));
        done({ code: code ?? -1, stdout, stderr });
      }),
    );
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.stdout.on('data', (d) => {
      stdout += d;
      // The banner ends with the operator-key line, or with the curl line when a demo was created.
      const complete =
        /operator key: .*\n/.test(stdout) && (!/Demo Server/.test(stdout) || /curl .*\n/.test(stdout));
      if (!ready && complete) {
        ready = true;
        resolve({
          child,
          banner: stdout,
          stop: (signal = 'SIGTERM') => {
            child.kill(signal);
            return exited;
          },
        });
      }
    });
  });
}
