import { Type } from 'typebox';
import type { FaultRule } from '../../../faults/fault-rule.js';
import { CreateFaultRuleRequest } from '../../../faults/fault-rule-schema.js';
import {
  addFaultRules,
  clearFaultRules,
  FaultRuleRejected,
  listFaultRules,
} from '../../faults/fault-rule-service.js';
import { childPath, SeedError } from '../seed-error.js';
import { defineTenantSection } from '../seed-section.js';

/** A stored rule as the file writes it: no id, time or counts. */
function specOf(rule: FaultRule): Record<string, unknown> {
  const { id: _id, createdAt: _createdAt, matched: _matched, fired: _fired, ...spec } = rule;
  return spec;
}

/** Stable JSON (sorted keys), to compare what the file asks for with what is stored. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A rule the file gives without a probability seed matches a stored one that has any seed (the
 * service draws one when a rule has none), so applying the same file twice changes nothing.
 */
function sameRules(wanted: readonly Record<string, unknown>[], stored: readonly FaultRule[]): boolean {
  if (wanted.length !== stored.length) return false;
  return wanted.every((rule, i) => {
    const have = specOf(stored[i] as FaultRule);
    const trigger = rule.trigger as { type?: string; seed?: unknown } | undefined;
    const haveTrigger = have.trigger as { type?: string; seed?: unknown } | undefined;
    const wantedTrigger =
      trigger === undefined
        ? { type: 'always' }
        : trigger.type === 'probability' && trigger.seed === undefined
          ? { ...trigger, seed: haveTrigger?.seed }
          : trigger;
    return canonical({ ...rule, trigger: wantedTrigger }) === canonical(have);
  });
}

/**
 * `faults`: the tenant's fault rules (docs/guides/fault-injection.md), in evaluation order. The
 * file's list replaces the stored one when they differ; the same list changes nothing (the
 * counts of matched and fired requests are kept then).
 */
export const faultsSection = defineTenantSection({
  key: 'faults',
  schema: Type.Array(CreateFaultRuleRequest, { maxItems: 1000 }),
  async apply(seed, tenant, wanted, path) {
    const stored = await listFaultRules(seed.ctx, tenant);
    if (sameRules(wanted as Record<string, unknown>[], stored)) return;
    try {
      await clearFaultRules(seed.ctx, seed.who, tenant);
      await addFaultRules(seed.ctx, seed.who, tenant, wanted);
    } catch (err) {
      if (!(err instanceof FaultRuleRejected)) throw err;
      const at = childPath(path, err.index);
      const field = (err as { field?: unknown }).field;
      throw new SeedError(typeof field === 'string' ? childPath(at, field) : at, err.reason, { cause: err });
    }
    seed.report.changes.push(`${path}: ${wanted.length} rule${wanted.length === 1 ? '' : 's'} set`);
  },
  async export(ctx, tenant) {
    const rules = await listFaultRules(ctx, tenant);
    return rules.length === 0 ? undefined : (rules.map(specOf) as never);
  },
});
