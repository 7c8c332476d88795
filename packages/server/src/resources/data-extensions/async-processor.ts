import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../../setup/directory/clock.js';
import type { AsyncAction, AsyncItemResult, DataExtension } from '../../storage/data-extension-records.js';
import type { Store } from '../../storage/store.js';
import { writeRowsIn } from './write-rows.js';

/**
 * Marketing Cloud's hard limit of objects per async request (sfmc-auth.md §9); Packgate applies
 * it to SOAP Create/Update/Delete too.
 */
export const MAX_ASYNC_ITEMS = 32_000;

class AlreadyProcessed extends Error {}

/**
 * Async row requests (`data/v1/async`). Accepting a request commits it (with its items) before
 * the 202 goes out; processing then runs one request at a time in this process. Processing is
 * one transaction: it claims the request (Pending → Complete), writes every valid item and
 * records one result per item, so a crash leaves the request Pending with none of its rows,
 * and the next start (or another instance on PostgreSQL) processes it again from the start.
 */
export class AsyncRowProcessor {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #logger: Logger;
  #queue: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(store: Store, clock: Clock, logger: Logger) {
    this.#store = store;
    this.#clock = clock;
    this.#logger = logger;
  }

  async accept(
    de: DataExtension,
    action: AsyncAction,
    items: ReadonlyArray<Record<string, unknown>>,
  ): Promise<string> {
    const requestId = randomUUID();
    await this.#store.asyncRequests.insertAsyncRequest({
      requestId,
      tenantId: de.tenantId,
      mid: de.mid,
      dataExtensionId: de.id,
      action,
      status: 'Pending',
      items,
      results: [],
      hasErrors: false,
      calledAt: this.#clock.now(),
      completedAt: null,
    });
    this.#schedule(requestId);
    return requestId;
  }

  /** Picks up requests accepted before a crash or restart. */
  async resumePending(): Promise<void> {
    for (const id of await this.#store.asyncRequests.listPendingRequestIds()) this.#schedule(id);
  }

  /** Stops taking work and waits for the request in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#queue;
  }

  #schedule(requestId: string): void {
    this.#queue = this.#queue.then(async () => {
      if (this.#stopped) return;
      try {
        await this.#process(requestId);
      } catch (err) {
        if (!(err instanceof AlreadyProcessed)) {
          // Stays Pending: the next start processes it again.
          this.#logger.error({ err, requestId }, 'async data extension request failed');
        }
      }
    });
  }

  async #process(requestId: string): Promise<void> {
    await this.#store.transaction(async (repos) => {
      const request = await repos.asyncRequests.findAsyncRequest(requestId);
      if (request?.status !== 'Pending') throw new AlreadyProcessed();
      const now = this.#clock.now();
      if (!(await repos.asyncRequests.completeAsyncRequest(requestId, now))) throw new AlreadyProcessed();
      const de = await repos.dataExtensions.findDataExtensionById(request.mid, request.dataExtensionId);
      let results: AsyncItemResult[];
      if (!de) {
        results = request.items.map(() => ({
          status: 'Error',
          message: 'The data extension no longer exists.',
        }));
      } else {
        const written = await writeRowsIn(repos, de, request.items, {
          mode: request.action === 'insert' ? 'insert' : 'upsert',
          atomic: false,
          now,
        });
        results = written.map((r) =>
          r.problems.length === 0
            ? { status: 'OK', message: 'Row processed.' }
            : { status: 'Error', message: r.problems.join(' '), errorCode: 10000 },
        );
      }
      await repos.asyncRequests.setAsyncResults(requestId, {
        results,
        hasErrors: results.some((r) => r.status === 'Error'),
      });
    });
  }
}
