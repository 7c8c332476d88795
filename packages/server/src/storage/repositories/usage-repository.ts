import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface UsageCount {
  readonly clientId: string;
  /** `token.minute` (key: secret id), `token.day`, `mid.day` (key: MID), `scope.day` (key: scope), `retired_use.day` (key: secret id), `last_token` (count: epoch ms). */
  readonly metric: string;
  readonly key: string;
  readonly bucket: number;
  readonly count: number;
}

/** Usage counters, written in batches by the usage recorder (never per request). */
export function usageRepository(db: Kysely<Database>) {
  const values = (rows: readonly UsageCount[]) =>
    rows.map((r) => ({
      client_id: r.clientId,
      metric: r.metric,
      key: r.key,
      bucket: r.bucket,
      count: r.count,
    }));
  return {
    /** Adds the counts to the stored ones (`last_token` keeps the largest instead). */
    async addCounts(rows: readonly UsageCount[]): Promise<void> {
      const sums = rows.filter((r) => r.metric !== 'last_token');
      const maxima = rows.filter((r) => r.metric === 'last_token');
      for (let i = 0; i < sums.length; i += 500) {
        await db
          .insertInto('usage_counts')
          .values(values(sums.slice(i, i + 500)))
          .onConflict((oc) =>
            oc
              .columns(['client_id', 'metric', 'key', 'bucket'])
              .doUpdateSet((eb) => ({ count: eb('usage_counts.count', '+', eb.ref('excluded.count')) })),
          )
          .execute();
      }
      for (const row of maxima) {
        await db
          .insertInto('usage_counts')
          .values(values([row]))
          .onConflict((oc) =>
            oc
              .columns(['client_id', 'metric', 'key', 'bucket'])
              .doUpdateSet({ count: row.count })
              .where('usage_counts.count', '<', row.count),
          )
          .execute();
      }
    },
    /** Stored counts of `metric` for the clients, at or after `sinceBucket`. */
    async listCounts(
      clientIds: readonly string[],
      metric: string,
      sinceBucket: number,
    ): Promise<UsageCount[]> {
      if (clientIds.length === 0) return [];
      const rows = await db
        .selectFrom('usage_counts')
        .selectAll()
        .where('client_id', 'in', [...clientIds])
        .where('metric', '=', metric)
        .where('bucket', '>=', sinceBucket)
        .execute();
      return rows.map((r) => ({
        clientId: r.client_id,
        metric: r.metric,
        key: r.key,
        bucket: Number(r.bucket),
        count: Number(r.count),
      }));
    },
    /** Records a one-time fact (e.g. a warning logged); true only for the call that recorded it. */
    async claimOnce(clientId: string, metric: string, key: string, at: number): Promise<boolean> {
      const result = await db
        .insertInto('usage_counts')
        .values({ client_id: clientId, metric, key, bucket: 0, count: at })
        .onConflict((oc) => oc.columns(['client_id', 'metric', 'key', 'bucket']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    /** Drops fine-grained rows nobody reads any more (`token.minute` older than a day). */
    async pruneCounts(metric: string, beforeBucket: number): Promise<void> {
      await db
        .deleteFrom('usage_counts')
        .where('metric', '=', metric)
        .where('bucket', '<', beforeBucket)
        .execute();
    },
  };
}

export type UsageRepository = ReturnType<typeof usageRepository>;
