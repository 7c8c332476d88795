import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/src/testing.js';
import { compileClientForChildProcesses } from './helpers/compile-client.js';
import { connectTestRedis, REDIS_URL } from './helpers/test-redis.js';

const CHILD = fileURLToPath(new URL('./helpers/redis-token-process.mjs', import.meta.url));

interface ChildResult {
  pid: number;
  firstEvent: 'requesting' | 'waiting';
  tokenRequests: number;
  accessTokens: string[];
}

/** One OS process running the SDK with the Redis cache, driven line by line (no sleeping). */
async function startProcess(options: Record<string, unknown>) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [CHILD, JSON.stringify(options)]);
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  async function next(): Promise<Record<string, unknown>> {
    const line = await lines.next(); // done once the child's stdout closes
    if (line.done) throw new Error(`child ended early: ${stderr}`);
    return JSON.parse(line.value) as Record<string, unknown>;
  }
  expect((await next()).event).toBe('ready');
  return {
    pid: child.pid,
    send: (line: string) => child.stdin.write(`${line}\n`),
    next,
    kill: () => child.kill(),
  };
}

describe('two OS processes sharing the Redis token cache, against a real Packgate', () => {
  let server: TestServer;
  let sdk: ReturnType<typeof compileClientForChildProcesses>;
  let redis = false;
  const prefixes: string[] = [];

  beforeAll(async () => {
    const probe = await connectTestRedis('the two-process test');
    probe?.disconnect();
    redis = probe !== undefined;
    if (!redis) return;
    sdk = compileClientForChildProcesses();
    server = await startTestServer();
  });
  afterAll(async () => {
    if (!redis) return;
    const client = new Redis(REDIS_URL);
    for (const prefix of prefixes) {
      const keys = await client.keys(`${prefix}*`);
      if (keys.length > 0) await client.del(...keys);
    }
    client.disconnect();
    await server?.close();
    sdk?.remove();
  });

  /** client_credentials tokens the server has issued so far (its own Prometheus counter). */
  async function issuedByServer(): Promise<number> {
    const metric = await server.server.ctx.metrics.tokensIssued.get();
    return metric.values
      .filter((value) => value.labels.grant_type === 'client_credentials')
      .reduce((sum, value) => sum + value.value, 0);
  }

  /** Starts two processes, releases them together, and returns what each saw. */
  async function race(lock: boolean): Promise<ChildResult[]> {
    const keyPrefix = `packgate-test:${randomUUID()}:`;
    prefixes.push(keyPrefix);
    const options = {
      sdkUrl: sdk.indexUrl,
      authBaseUri: server.authBaseUri,
      clientId: server.clientId,
      clientSecret: server.clientSecret,
      redisUrl: REDIS_URL,
      keyPrefix,
      callers: 200,
      lock,
    };
    const processes = await Promise.all([startProcess(options), startProcess(options)]);
    try {
      expect(processes[0]?.pid).not.toBe(processes[1]?.pid);
      for (const child of processes) child.send('go');
      // Each process either sends a token request (held back) or waits on the other's lock; only
      // when both have done one of the two is the held request let through.
      const firstEvents = await Promise.all(processes.map((child) => child.next()));
      expect(firstEvents.every((e) => e.event === 'requesting' || e.event === 'waiting')).toBe(true);
      for (const child of processes) child.send('release');
      const results = await Promise.all(processes.map((child) => child.next()));
      expect(results.map((r) => r.event)).toEqual(['done', 'done']);
      return results as unknown as ChildResult[];
    } finally {
      for (const child of processes) child.kill();
    }
  }

  it('200 callers in each of two processes → exactly one token request, one token for all', async (context) => {
    if (!redis) return context.skip();
    const before = await issuedByServer();
    const results = await race(true);
    expect(await issuedByServer()).toBe(before + 1);
    expect(results.map((r) => r.tokenRequests).sort()).toEqual([0, 1]);
    expect(results.map((r) => r.firstEvent).sort()).toEqual(['requesting', 'waiting']);
    const tokens = new Set(results.flatMap((r) => r.accessTokens));
    expect(tokens.size).toBe(1);
  });

  it('control: without the cache lock the same two processes make two requests', async (context) => {
    if (!redis) return context.skip();
    const before = await issuedByServer();
    const results = await race(false);
    expect(await issuedByServer()).toBe(before + 2);
    expect(results.map((r) => r.tokenRequests)).toEqual([1, 1]);
    expect(results.map((r) => r.firstEvent)).toEqual(['requesting', 'requesting']);
  });
});
