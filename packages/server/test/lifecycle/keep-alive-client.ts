import { Agent, type ClientRequest, request } from 'node:http';

export interface Answered {
  readonly status: number;
  readonly connection: string | undefined;
  readonly text: string;
}

export interface Sent {
  readonly req: ClientRequest;
  /** Sends the rest of a body held back with `holdAfterBytes`. */
  finish(): void;
  /** Rejects on a reset or refused connection: the failures the drain must not cause. */
  readonly answer: Promise<Answered>;
}

/**
 * node:http requests over a pool of keep-alive connections opened up front, so that the
 * requests of a test travel on connections the server has already accepted (fetch gives no
 * control over which connection a request takes).
 */
export class KeepAliveClient {
  readonly agent: Agent;
  readonly #origin: URL;

  constructor(origin: string, connections: number) {
    this.#origin = new URL(origin);
    this.agent = new Agent({ keepAlive: true, maxSockets: connections, scheduling: 'fifo' });
  }

  /** Opens `count` connections: that many requests at once, each needing its own. */
  async open(count: number): Promise<void> {
    const answers = await Promise.all(
      Array.from({ length: count }, () => this.send('GET', '/healthz').answer),
    );
    for (const a of answers) if (a.status !== 200) throw new Error(`warm-up answered ${a.status}`);
  }

  /** Sends a request; with `holdAfterBytes` only that much of the body, until `finish()`. */
  send(
    method: string,
    path: string,
    options: { headers?: Record<string, string>; body?: string; holdAfterBytes?: number } = {},
  ): Sent {
    const url = new URL(path, this.#origin);
    const body = options.body ?? '';
    const req = request({
      agent: this.agent,
      host: url.hostname,
      port: url.port,
      method,
      path: url.pathname + url.search,
      headers: {
        ...options.headers,
        ...(options.body !== undefined ? { 'content-length': Buffer.byteLength(options.body) } : {}),
      },
    });
    const answer = new Promise<Answered>((resolve, reject) => {
      req.on('error', reject);
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, text }),
        );
      });
    });
    const held = options.holdAfterBytes;
    if (held === undefined) req.end(body);
    else req.write(body.slice(0, held));
    const finish = () => {
      if (held !== undefined) req.end(body.slice(held));
    };
    return { req, answer, finish };
  }

  close(): void {
    this.agent.destroy();
  }
}
