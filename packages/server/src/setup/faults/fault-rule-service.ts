import { randomInt } from 'node:crypto';
import { BadRequest } from '../../errors/admin-errors.js';
import { type FaultRule, InvalidFaultRule, MAX_SEED, parseFaultRule } from '../../faults/fault-rule.js';
import type { FaultRules } from '../../faults/fault-rules.js';
import type { ChangeFeed } from '../../storage/change-feed.js';
import type { Tenant } from '../../storage/records.js';
import { auditRepository } from '../../storage/repositories/audit-repository.js';
import {
  faultRulesRepository,
  type NewFaultRule,
} from '../../storage/repositories/fault-rules-repository.js';
import type { Store } from '../../storage/store.js';
import { type Actor, recordAudit } from '../audit.js';
import { LOWER_ALPHANUMERIC, randomString } from '../random-identifiers.js';

/** What the fault-rule services need: the store, this instance's rules, the feed to the others. */
export interface FaultRuleServiceContext {
  readonly store: Store;
  readonly faults: FaultRules;
  readonly changeFeed: ChangeFeed;
  readonly clock: { now(): number };
}

/** The `index`th rule of a list could not be stored (`field` is inside that rule). */
export class FaultRuleRejected extends BadRequest {
  readonly index: number;
  readonly reason: string;
  constructor(index: number, err: InvalidFaultRule) {
    super(err.message, { field: err.field });
    this.index = index;
    this.reason = err.message;
  }
}

const randomSeed = () => randomInt(0, MAX_SEED);

/**
 * Adds rules to a tenant after its existing ones (one transaction, one audit event per rule,
 * `fault_rule.created`). All or nothing: the first invalid rule rejects the list with
 * {@link FaultRuleRejected}, naming its index and field. This is the entry point of the admin
 * API, the CLI (through the API) and the seed file (a `faults` list per tenant).
 */
export async function addFaultRules(
  ctx: FaultRuleServiceContext,
  who: Actor,
  tenant: Tenant,
  inputs: readonly unknown[],
): Promise<FaultRule[]> {
  const now = ctx.clock.now();
  const rules: NewFaultRule[] = inputs.map((input, index) => {
    try {
      return {
        id: `fr_${randomString(16, LOWER_ALPHANUMERIC)}`,
        tenantId: tenant.id,
        spec: parseFaultRule(input, randomSeed),
        createdAt: now,
      };
    } catch (err) {
      throw err instanceof InvalidFaultRule ? new FaultRuleRejected(index, err) : err;
    }
  });
  await ctx.store.db.transaction().execute(async (trx) => {
    await faultRulesRepository({ db: trx }).insertFaultRules(rules);
    const audit = { audit: auditRepository(trx) };
    for (const rule of rules) {
      await recordAudit(audit, who, {
        tenantId: tenant.id,
        action: 'fault_rule.created',
        target: rule.id,
        details: { ...rule.spec },
        at: now,
      });
    }
  });
  await changed(ctx, tenant);
  return rules.map((r) => ({ ...r.spec, id: r.id, createdAt: r.createdAt, matched: 0, fired: 0 }));
}

/** The tenant's rules in evaluation order, with how often each matched and fired. */
export async function listFaultRules(
  ctx: Pick<FaultRuleServiceContext, 'store'>,
  tenant: Tenant,
): Promise<FaultRule[]> {
  const rules = await faultRulesRepository(ctx.store).listFaultRules(tenant.id);
  return rules.map(({ tenantId: _, ...rule }) => rule);
}

/** Removes every rule of the tenant in one call (`fault_rules.cleared`); returns how many. */
export async function clearFaultRules(
  ctx: FaultRuleServiceContext,
  who: Actor,
  tenant: Tenant,
): Promise<number> {
  const now = ctx.clock.now();
  const removed = await ctx.store.db.transaction().execute(async (trx) => {
    const count = await faultRulesRepository({ db: trx }).deleteFaultRules(tenant.id);
    await recordAudit({ audit: auditRepository(trx) }, who, {
      tenantId: tenant.id,
      action: 'fault_rules.cleared',
      target: tenant.subdomain,
      details: { removed: count },
      at: now,
    });
    return count;
  });
  await changed(ctx, tenant);
  return removed;
}

/** This instance sees the change at once; the others when the feed delivers it. */
async function changed(ctx: FaultRuleServiceContext, tenant: Tenant): Promise<void> {
  await ctx.faults.reload();
  await ctx.changeFeed.publish({ kind: 'tenant', key: tenant.subdomain });
}
