import type { Kysely, Selectable } from 'kysely';
import type { AsyncAction, AsyncItemResult, AsyncRequest } from '../data-extension-records.js';
import type { AsyncRequestsTable, Database } from '../schema.js';

const toAsyncRequest = (r: Selectable<AsyncRequestsTable>): AsyncRequest => ({
  requestId: r.request_id,
  tenantId: r.tenant_id,
  mid: Number(r.mid),
  dataExtensionId: r.de_id,
  action: r.action as AsyncAction,
  status: r.status === 'Complete' ? 'Complete' : 'Pending',
  items: JSON.parse(r.items) as Array<Record<string, unknown>>,
  results: JSON.parse(r.results) as AsyncItemResult[],
  hasErrors: r.has_errors === 1,
  calledAt: Number(r.called_at),
  completedAt: r.completed_at === null ? null : Number(r.completed_at),
});

/** Async Data Extension row requests: accepted (Pending) → processed once (Complete). */
export function asyncRequestsRepository(db: Kysely<Database>) {
  return {
    async insertAsyncRequest(r: AsyncRequest): Promise<void> {
      await db
        .insertInto('async_requests')
        .values({
          request_id: r.requestId,
          tenant_id: r.tenantId,
          mid: r.mid,
          de_id: r.dataExtensionId,
          action: r.action,
          status: r.status,
          items: JSON.stringify(r.items),
          results: JSON.stringify(r.results),
          has_errors: r.hasErrors ? 1 : 0,
          called_at: r.calledAt,
          completed_at: r.completedAt,
        })
        .execute();
    },
    async findAsyncRequest(requestId: string): Promise<AsyncRequest | undefined> {
      const row = await db
        .selectFrom('async_requests')
        .selectAll()
        .where('request_id', '=', requestId)
        .executeTakeFirst();
      return row && toAsyncRequest(row);
    },
    /**
     * Marks a pending request complete; false when it was not pending any more. Called first in
     * the transaction that writes its rows, it is the claim: the row lock lets one processor win.
     */
    async completeAsyncRequest(requestId: string, completedAt: number): Promise<boolean> {
      const res = await db
        .updateTable('async_requests')
        .set({ status: 'Complete', items: '[]', completed_at: completedAt })
        .where('request_id', '=', requestId)
        .where('status', '=', 'Pending')
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
    async setAsyncResults(
      requestId: string,
      outcome: { results: readonly AsyncItemResult[]; hasErrors: boolean },
    ): Promise<void> {
      await db
        .updateTable('async_requests')
        .set({ results: JSON.stringify(outcome.results), has_errors: outcome.hasErrors ? 1 : 0 })
        .where('request_id', '=', requestId)
        .execute();
    },
    async listPendingRequestIds(): Promise<string[]> {
      const rows = await db
        .selectFrom('async_requests')
        .select('request_id')
        .where('status', '=', 'Pending')
        .orderBy('called_at')
        .execute();
      return rows.map((r) => r.request_id);
    },
  };
}
