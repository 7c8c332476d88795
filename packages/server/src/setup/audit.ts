import type { Repositories } from '../storage/store.js';

/** Who made a change and from where (PRODUCT.md §7: every change is an audit event). */
export interface Actor {
  readonly actor: string;
  readonly sourceIp: string;
}

/**
 * `{before, after}` of the fields a change touched (issue 14: every change event carries them;
 * callers pass records that hold no secret value — secrets appear only by id).
 */
export function changedFields<T extends object>(
  before: T,
  after: T,
  keys: readonly (keyof T & string)[],
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const changed = keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  return {
    before: Object.fromEntries(changed.map((k) => [k, before[k]])),
    after: Object.fromEntries(changed.map((k) => [k, after[k]])),
  };
}

/** Records `action` (noun.past_tense, e.g. `package.created`) in the same transaction as the change. */
export function recordAudit(
  repos: Pick<Repositories, 'audit'>,
  who: Actor,
  event: {
    tenantId: string | null;
    action: string;
    target: string;
    details?: Record<string, unknown>;
    at: number;
  },
): Promise<void> {
  return repos.audit.appendEvent({
    tenantId: event.tenantId,
    actor: who.actor,
    action: event.action,
    target: event.target,
    details: event.details ?? {},
    sourceIp: who.sourceIp,
    createdAt: event.at,
  });
}
