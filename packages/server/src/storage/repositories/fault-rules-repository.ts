import type { Kysely } from 'kysely';
import { StoreError } from '../../errors/config-error.js';
import type { FaultRule, FaultRuleSpec } from '../../faults/fault-rule.js';
import type { Database } from '../schema.js';

/** Row type of `fault_rules` (migration 009). Times are epoch milliseconds. */
export interface FaultRulesTable {
  id: string;
  tenant_id: string;
  spec: string;
  matched: number;
  fired: number;
  created_at: number;
  position: number;
}

interface FaultTables {
  fault_rules: FaultRulesTable;
}

export interface NewFaultRule {
  readonly id: string;
  readonly tenantId: string;
  readonly spec: FaultRuleSpec;
  readonly createdAt: number;
}

export interface StoredFaultRule extends FaultRule {
  readonly tenantId: string;
}

function toRule(row: FaultRulesTable): StoredFaultRule {
  return {
    ...(JSON.parse(row.spec) as FaultRuleSpec),
    id: row.id,
    tenantId: row.tenant_id,
    createdAt: Number(row.created_at),
    matched: Number(row.matched),
    fired: Number(row.fired),
  };
}

/**
 * Fault rules live beside the core schema (the store's `db` handle), so this feature adds a
 * table without touching the shared repository list. Driver errors are wrapped here.
 */
export function faultRulesRepository(store: { readonly db: Kysely<Database> }) {
  const db = store.db as unknown as Kysely<FaultTables>;
  const wrap = async <T>(call: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      throw new StoreError(`store call faultRules.${call} failed`, { cause: err });
    }
  };
  return {
    /** Appends rules after the tenant's existing ones, in the given order. */
    insertFaultRules(rules: readonly NewFaultRule[]): Promise<void> {
      const q = db;
      return wrap('insertFaultRules', async () => {
        if (rules.length === 0) return;
        const last = await q
          .selectFrom('fault_rules')
          .select((eb) => eb.fn.max('position').as('position'))
          .executeTakeFirst();
        const start = Number(last?.position ?? 0) + 1;
        await q
          .insertInto('fault_rules')
          .values(
            rules.map((r, i) => ({
              id: r.id,
              tenant_id: r.tenantId,
              spec: JSON.stringify(r.spec),
              matched: 0,
              fired: 0,
              created_at: r.createdAt,
              position: start + i,
            })),
          )
          .execute();
      });
    },
    /** The tenant's rules in evaluation order; every tenant's when `tenantId` is undefined. */
    listFaultRules(tenantId?: string): Promise<StoredFaultRule[]> {
      return wrap('listFaultRules', async () => {
        let q = db.selectFrom('fault_rules').selectAll();
        if (tenantId !== undefined) q = q.where('tenant_id', '=', tenantId);
        const rows = await q.orderBy('position').execute();
        return rows.map(toRule);
      });
    },
    /** Removes every rule of the tenant; returns how many there were. */
    deleteFaultRules(tenantId: string): Promise<number> {
      const q = db;
      return wrap('deleteFaultRules', async () => {
        const res = await q.deleteFrom('fault_rules').where('tenant_id', '=', tenantId).executeTakeFirst();
        return Number(res.numDeletedRows);
      });
    },
    /** Counts one more matching request, atomically; its ordinal, or undefined if the rule is gone. */
    countMatch(id: string): Promise<number | undefined> {
      return wrap('countMatch', async () => {
        const row = await db
          .updateTable('fault_rules')
          .set((eb) => ({ matched: eb('matched', '+', 1) }))
          .where('id', '=', id)
          .returning('matched')
          .executeTakeFirst();
        return row === undefined ? undefined : Number(row.matched);
      });
    },
    countFired(id: string): Promise<void> {
      return wrap('countFired', async () => {
        await db
          .updateTable('fault_rules')
          .set((eb) => ({ fired: eb('fired', '+', 1) }))
          .where('id', '=', id)
          .execute();
      });
    },
  };
}

export type FaultRulesRepository = ReturnType<typeof faultRulesRepository>;
