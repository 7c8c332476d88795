#!/usr/bin/env node
import { readCliEnv } from './config/read-env.js';
import { runCli } from './program.js';

const ctx = {
  env: readCliEnv(),
  cwd: process.cwd(),
  stdout: (text: string) => void process.stdout.write(text),
  stderr: (text: string) => void process.stderr.write(text),
  waitForShutdown: () =>
    new Promise<string>((resolve) => {
      // `on`, not `once`: a second signal during the drain must not kill the process.
      process.on('SIGINT', () => resolve('SIGINT'));
      process.on('SIGTERM', () => resolve('SIGTERM'));
    }),
  readStdin: async () => {
    let text = '';
    process.stdin.setEncoding('utf8');
    for await (const chunk of process.stdin) text += chunk;
    return text;
  },
  fetch: globalThis.fetch,
};

const code = await runCli(process.argv.slice(2), ctx);
// Writes to pipes and files are synchronous on POSIX: exiting now loses no output, and keeps
// idle keep-alive sockets from holding the process open.
process.exit(code);
