import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { Server as NetServer, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Logger } from 'pino';
import type { PackgateConfig } from '../config/config.js';

/**
 * How long connections that look idle are left alone once the drain starts: a request the
 * client has already sent may still sit unread in the socket while the event loop is busy,
 * and node:http counts that connection as idle — closing it then resets the request.
 */
const IDLE_GRACE_MS = 500;
/** During the drain, connections that became idle after their last answer are closed this often. */
const IDLE_SWEEP_MS = 250;

export interface DrainReport {
  /** Connections still open at the deadline, closed with whatever they were doing. */
  readonly cutConnections: number;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

type TimeoutSettings = Pick<
  PackgateConfig,
  'requestTimeoutSeconds' | 'headersTimeoutSeconds' | 'keepAliveTimeoutSeconds'
>;

/**
 * The node:http server Packgate listens with, and its graceful end. Fastify applies its own
 * timeout options only to a server it creates itself, so the timeouts are set here; and
 * Fastify's close() would close connections node:http thinks idle at once (resetting requests
 * not read yet) and then wait without a bound, so the drain is done here before it:
 * 1. `/readyz` answers 503 `draining` ({@link isDraining}) and no new connection is accepted;
 * 2. every answer not yet started, and every request arriving on an open connection, is
 *    answered with `Connection: close`;
 * 3. after a short grace, idle keep-alive connections are closed;
 * 4. at the deadline the connections still open are cut.
 */
export class HttpLifecycle {
  readonly #settings: TimeoutSettings;
  readonly #logger: Logger;
  /** TCP connections of every server (for HTTPS: the socket under the TLS one). */
  readonly #connections = new Set<Socket>();
  /** HTTPS connections past the handshake: their requests' `req.socket`. */
  readonly #secureConnections = new Set<TLSSocket>();
  /** The latest answer on each connection, so the drain can mark it `Connection: close`. */
  readonly #answers = new WeakMap<Socket, ServerResponse>();
  /** The plain HTTP server and, in host mode, the HTTPS one next to it. */
  readonly #servers: Server[] = [];
  #draining = false;
  #drained: Promise<DrainReport> | undefined;
  #onIdle: (() => void) | undefined;

  constructor(settings: TimeoutSettings, logger: Logger) {
    this.#settings = settings;
    this.#logger = logger;
  }

  /** True from the start of the drain: `/readyz` then answers 503. */
  isDraining(): boolean {
    return this.#draining;
  }

  /** The server for Fastify's `serverFactory`; `handler` answers every request. */
  createServer(handler: RequestHandler): Server {
    const server = createServer(this.#serverOptions(), this.#track(handler));
    return this.#adopt(server);
  }

  /**
   * The HTTPS server of host mode, with the same timeouts and drain as the plain one; `handler`
   * is the same app's (app.ts).
   */
  createSecureServer(tls: { key: string; cert: string }, handler: RequestHandler): HttpsServer {
    const server = createHttpsServer({ ...this.#serverOptions(), ...tls }, this.#track(handler));
    server.on('secureConnection', (socket: TLSSocket) => {
      this.#secureConnections.add(socket);
      socket.once('close', () => this.#secureConnections.delete(socket));
    });
    // A client that fails the handshake (say, it does not trust the CA) is its own business.
    server.on('tlsClientError', (err, socket) => {
      this.#logger.debug({ err: { message: err.message } }, 'TLS handshake failed');
      socket.destroy();
    });
    this.#adopt(server as unknown as Server);
    return server;
  }

  #serverOptions() {
    const headersTimeoutMs = this.#settings.headersTimeoutSeconds * 1000;
    return {
      requestTimeout: this.#settings.requestTimeoutSeconds * 1000,
      headersTimeout: headersTimeoutMs,
      keepAliveTimeout: this.#settings.keepAliveTimeoutSeconds * 1000,
      // node:http enforces the two timeouts only when it checks, every 30 s by default.
      connectionsCheckingInterval: Math.min(30_000, Math.max(100, headersTimeoutMs / 4)),
    };
  }

  #track(handler: RequestHandler): RequestHandler {
    return (req, res) => {
      if (this.#draining) res.shouldKeepAlive = false;
      else this.#answers.set(req.socket, res);
      handler(req, res);
    };
  }

  #adopt<S extends Server>(server: S): S {
    server.on('connection', (socket: Socket) => {
      this.#connections.add(socket);
      socket.once('close', () => {
        this.#connections.delete(socket);
        if (this.#connections.size === 0) this.#onIdle?.();
      });
    });
    this.#servers.push(server);
    return server;
  }

  /**
   * Stops accepting, lets the requests already received finish for up to `drainSeconds`,
   * then cuts what is left. Idempotent: a second signal waits for the same drain.
   */
  drain(drainSeconds: number): Promise<DrainReport> {
    this.#drained ??= this.#drain(drainSeconds);
    return this.#drained;
  }

  async #drain(drainSeconds: number): Promise<DrainReport> {
    this.#draining = true;
    const servers = this.#servers.filter((server) => server.listening);
    if (servers.length === 0) return { cutConnections: 0 };
    for (const socket of [...this.#connections, ...this.#secureConnections]) {
      const answer = this.#answers.get(socket);
      if (answer && !answer.headersSent) answer.shouldKeepAlive = false;
    }
    // net's close, not http's: http's also closes the connections it thinks idle, at once.
    for (const server of servers) NetServer.prototype.close.call(server);
    this.#logger.info(
      { connections: this.#connections.size, drainSeconds },
      'draining: finishing the requests in flight',
    );
    if (this.#connections.size === 0) return { cutConnections: 0 };

    const timers: NodeJS.Timeout[] = [];
    const allClosed = new Promise<void>((resolve) => {
      this.#onIdle = resolve;
    });
    const deadline = new Promise<number>((resolve) => {
      timers.push(setTimeout(() => resolve(this.#connections.size), drainSeconds * 1000));
    });
    // setImmediate after the timer: one more poll phase reads what clients have already sent.
    const sweep = () =>
      setImmediate(() => {
        for (const server of servers) server.closeIdleConnections();
      });
    timers.push(
      setTimeout(
        () => {
          sweep();
          timers.push(setInterval(sweep, IDLE_SWEEP_MS));
        },
        Math.min(IDLE_GRACE_MS, drainSeconds * 1000),
      ),
    );
    const cutConnections = await Promise.race([allClosed.then(() => 0), deadline]);
    for (const timer of timers) clearTimeout(timer);
    if (cutConnections > 0) {
      for (const server of servers) server.closeAllConnections();
      for (const socket of this.#connections) socket.destroy();
      await allClosed;
      this.#logger.warn({ cutConnections }, 'drain deadline reached: connections cut');
    }
    return { cutConnections };
  }
}
