import type { Logger } from 'pino';
import type { ChangeFeed } from '../storage/change-feed.js';
import {
  type FaultRulesRepository,
  faultRulesRepository,
  type StoredFaultRule,
} from '../storage/repositories/fault-rules-repository.js';
import type { Store } from '../storage/store.js';
import type { FaultEffect } from './fault-rule.js';
import {
  type CompiledFaultRule,
  compileFaultRule,
  type FaultRequest,
  firesAt,
  matchesFaultRule,
} from './match-fault-rule.js';

/** An effect that decides the answer (everything but latency, which only delays it). */
export type TerminalFaultEffect = Exclude<FaultEffect, { type: 'latency' }>;

/** What the fired rules do to one request, once their latency has been waited out. */
export interface FaultOutcome {
  /** The first fired rule with a terminal effect, if any: it decides the answer. */
  readonly effect: TerminalFaultEffect | undefined;
  /** Every rule that fired on this request, in evaluation order (for the journal). */
  readonly firedRuleIds: readonly string[];
}

export type Sleep = (ms: number) => Promise<void>;

const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The fault rules of every tenant, held in memory for the request path, loaded from the store at
 * start and reloaded when they change (here at once; on other instances through the change feed).
 *
 * {@link evaluate} is synchronous and allocation-free for a tenant without rules, and for a
 * request no rule matches: that is every request in normal use. Only a matching request touches
 * the store, to count itself atomically (so ordinals hold across instances and restarts).
 */
export class FaultRules {
  readonly #repo: FaultRulesRepository;
  readonly #logger: Logger;
  readonly #sleep: Sleep;
  #byTenant = new Map<string, readonly CompiledFaultRule<StoredFaultRule>[]>();
  #reloading: Promise<void> = Promise.resolve();
  /** Rules fired on a request still being answered (keyed by the raw request), for the journal. */
  readonly #firedByRequest = new WeakMap<object, readonly string[]>();

  constructor(options: { store: Pick<Store, 'db'>; feed: ChangeFeed; logger: Logger; sleep?: Sleep }) {
    this.#repo = faultRulesRepository(options.store);
    this.#logger = options.logger;
    this.#sleep = options.sleep ?? realSleep;
    // Another instance changed rules (or a tenant): rules are few, reload them all.
    options.feed.listen({
      onChange: (change) => {
        if (change.kind === 'tenant') void this.reload();
      },
      onResync: () => void this.reload(),
    });
  }

  /** Loads every rule; later reloads run one after another, so the last one wins. */
  reload(): Promise<void> {
    const next = this.#reloading.then(async () => {
      try {
        const grouped = new Map<string, CompiledFaultRule<StoredFaultRule>[]>();
        for (const rule of await this.#repo.listFaultRules()) {
          const list = grouped.get(rule.tenantId) ?? [];
          list.push(compileFaultRule(rule));
          grouped.set(rule.tenantId, list);
        }
        this.#byTenant = grouped;
      } catch (err) {
        this.#logger.error({ err }, 'could not load fault rules');
      }
    });
    this.#reloading = next;
    return next;
  }

  noteFired(rawRequest: object, outcome: FaultOutcome | undefined): void {
    if (outcome !== undefined && outcome.firedRuleIds.length > 0) {
      this.#firedByRequest.set(rawRequest, outcome.firedRuleIds);
    }
  }

  firedOn(rawRequest: object): readonly string[] | undefined {
    return this.#firedByRequest.get(rawRequest);
  }

  hasRules(tenantId: string): boolean {
    return this.#byTenant.has(tenantId);
  }

  /**
   * The faults for one request: undefined (synchronously) when no rule matches; else each
   * matching rule, in order, counts the request and fires or not by its trigger; latency of
   * fired rules adds up and is waited out here; the first fired terminal effect ends the walk.
   */
  evaluate(tenantId: string, request: FaultRequest): Promise<FaultOutcome | undefined> | undefined {
    const rules = this.#byTenant.get(tenantId);
    if (rules === undefined) return undefined;
    let matching: CompiledFaultRule<StoredFaultRule>[] | undefined;
    for (const compiled of rules) {
      if (!matchesFaultRule(compiled, request)) continue;
      if (matching === undefined) matching = [];
      matching.push(compiled);
    }
    return matching === undefined ? undefined : this.#fire(matching);
  }

  async #fire(matching: readonly CompiledFaultRule<StoredFaultRule>[]): Promise<FaultOutcome | undefined> {
    let latencyMs = 0;
    const fired: string[] = [];
    let effect: TerminalFaultEffect | undefined;
    try {
      for (const { rule } of matching) {
        const ordinal = await this.#repo.countMatch(rule.id);
        if (ordinal === undefined || !firesAt(rule.trigger, ordinal)) continue;
        await this.#repo.countFired(rule.id);
        fired.push(rule.id);
        if (rule.effect.type === 'latency') latencyMs += rule.effect.ms;
        else {
          effect = rule.effect;
          break;
        }
      }
    } catch (err) {
      // Fault injection fails open: the request is served as if no rule had matched.
      this.#logger.error({ err }, 'could not count a fault rule');
      return undefined;
    }
    if (fired.length === 0) return undefined;
    if (latencyMs > 0) await this.#sleep(latencyMs);
    return { effect, firedRuleIds: fired };
  }
}
