import type { FaultRoute, FaultRuleSpec, FaultTrigger } from './fault-rule.js';

/** What the fault hooks know about a request when they ask whether a rule applies. */
export interface FaultRequest {
  readonly route: FaultRoute;
  readonly method: string;
  /** REST: the path below the REST base URI, without the query (`/platform/v1/tokenContext`). */
  readonly path?: string;
  /** SOAP: the operation (`Retrieve`). */
  readonly action?: string;
  readonly clientId: string | undefined;
}

/** A rule with its path glob compiled once, when the rules are loaded. */
export interface CompiledFaultRule<R extends FaultRuleSpec = FaultRuleSpec> {
  readonly rule: R;
  readonly pathPattern: RegExp | undefined;
}

/** `*` is any run of characters within one segment, `**` any run across segments. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        source += '.*';
        i++;
      } else source += '[^/]*';
    } else source += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

export function compileFaultRule<R extends FaultRuleSpec>(rule: R): CompiledFaultRule<R> {
  return { rule, pathPattern: rule.path === undefined ? undefined : globToRegExp(rule.path) };
}

/** Route, then the route's own filters, then the client id: all that are set must agree. */
export function matchesFaultRule(compiled: CompiledFaultRule, request: FaultRequest): boolean {
  const { rule } = compiled;
  if (rule.route !== request.route) return false;
  if (rule.clientId !== undefined && rule.clientId !== request.clientId) return false;
  if (rule.method !== undefined && rule.method !== request.method) return false;
  if (rule.action !== undefined && rule.action !== request.action) return false;
  if (compiled.pathPattern !== undefined && !compiled.pathPattern.test(request.path ?? '')) return false;
  return true;
}

/**
 * A uniform draw in [0, 1) from a seed and the request's ordinal (a counter-based generator,
 * a 32-bit finaliser of MurmurHash3 over seed and ordinal): the k-th matching request draws the
 * same number on every run and on every instance, whatever order the requests arrived in.
 */
export function drawUnit(seed: number, ordinal: number): number {
  let z = (seed ^ Math.imul(ordinal, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  z = (z ^ (z >>> 16)) >>> 0;
  return z / 0x1_0000_0000;
}

/** Whether the rule fires on the `ordinal`th request it matched (1-based). */
export function firesAt(trigger: FaultTrigger, ordinal: number): boolean {
  switch (trigger.type) {
    case 'always':
      return true;
    case 'nth':
      return ordinal === trigger.n;
    case 'next':
      return ordinal <= trigger.count;
    case 'probability':
      return drawUnit(trigger.seed, ordinal) < trigger.p;
  }
}
