import { sql } from 'kysely';
import type pg from 'pg';
import type { Store } from './store.js';

/** A change another instance must hear about: which cached directory entry went stale. */
export interface DirectoryChange {
  readonly kind: 'client' | 'tenant';
  readonly key: string;
}

export interface ChangeListener {
  onChange(change: DirectoryChange): void;
  /** The feed was down: changes may have been missed, drop everything cached. */
  onResync(): void;
}

/**
 * How instances sharing one store tell each other that cached entries went stale. SQLite has
 * one process per store, so its feed carries nothing; PostgreSQL uses LISTEN/NOTIFY.
 */
export interface ChangeFeed {
  /** True while changes from other instances are being received. */
  isLive(): boolean;
  publish(change: DirectoryChange): Promise<void>;
  listen(listener: ChangeListener): void;
  close(): Promise<void>;
}

export const localChangeFeed: ChangeFeed = {
  isLive: () => true,
  publish: async () => {},
  listen: () => {},
  close: async () => {},
};

const RECONNECT_DELAY_MS = 1000;

/**
 * LISTEN/NOTIFY on a dedicated connection. Notifications are sent after the change committed;
 * if the listening connection drops, the feed reports not-live (callers fall back to the
 * propagation bound), reconnects, and asks listeners to resync.
 */
export class PostgresChangeFeed implements ChangeFeed {
  readonly #connectionString: string;
  readonly #channel: string;
  readonly #store: Store;
  readonly #listeners: ChangeListener[] = [];
  #client: pg.Client | undefined;
  #live = false;
  #closed = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: { connectionString: string; channel: string; store: Store }) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(options.channel))
      throw new Error(`invalid channel ${options.channel}`);
    this.#connectionString = options.connectionString;
    this.#channel = options.channel;
    this.#store = options.store;
  }

  isLive(): boolean {
    return this.#live;
  }

  listen(listener: ChangeListener): void {
    this.#listeners.push(listener);
  }

  async start(): Promise<void> {
    await this.#connect().catch(() => this.#scheduleReconnect());
  }

  async publish(change: DirectoryChange): Promise<void> {
    try {
      await sql`select pg_notify(${this.#channel}, ${JSON.stringify(change)})`.execute(this.#store.db);
    } catch {
      // Other instances still converge through the propagation bound.
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#live = false;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#client?.end().catch(() => {});
  }

  async #connect(): Promise<void> {
    const { default: pgModule } = await import('pg');
    const client = new pgModule.Client({ connectionString: this.#connectionString });
    client.on('error', () => this.#down(client));
    client.on('end', () => this.#down(client));
    client.on('notification', (msg) => this.#deliver(msg.payload));
    await client.connect();
    await client.query(`listen ${this.#channel}`);
    this.#client = client;
    const wasDown = !this.#live;
    this.#live = true;
    if (wasDown) for (const l of this.#listeners) l.onResync();
  }

  #deliver(payload: string | undefined): void {
    let change: DirectoryChange;
    try {
      change = JSON.parse(payload ?? '') as DirectoryChange;
    } catch {
      return;
    }
    if ((change.kind !== 'client' && change.kind !== 'tenant') || typeof change.key !== 'string') return;
    for (const l of this.#listeners) l.onChange(change);
  }

  #down(client: pg.Client): void {
    if (client !== this.#client) return;
    this.#client = undefined;
    this.#live = false;
    client.end().catch(() => {});
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#connect().catch(() => this.#scheduleReconnect());
    }, RECONNECT_DELAY_MS);
    this.#timer.unref();
  }
}
