import { isKnownScope } from '../setup/scopes/scope-catalogue.js';

/**
 * A fault rule (issue 10 part 6): which requests of a tenant it matches, what it does to them and
 * when it fires. Pure data; {@link parseFaultRule} is the one validation of untrusted input
 * (admin API, CLI, seed file), so every path refuses the same shapes with the same words.
 */
export type FaultRoute = 'token' | 'authorize' | 'rest' | 'soap';
export const FAULT_ROUTES: readonly FaultRoute[] = ['token', 'authorize', 'rest', 'soap'];

export const SOAP_ACTIONS = ['Retrieve', 'Create', 'Update', 'Delete'] as const;
export type SoapAction = (typeof SOAP_ACTIONS)[number];

export const REST_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export type FaultEffect =
  /** The answer is delayed by `ms`; the request is then served as usual (rules add up). */
  | { readonly type: 'latency'; readonly ms: number }
  /** The answer is `status` with the body Marketing Cloud gives on that surface. */
  | { readonly type: 'status'; readonly status: number }
  /** The connection is destroyed without an answer. */
  | { readonly type: 'drop' }
  /** A valid access token is answered as expired (REST 401 / 0, SOAP `Token Expired`). */
  | { readonly type: 'token_expired' }
  /** The request is treated as if its token lacked `scope`. */
  | { readonly type: 'revoke_scope'; readonly scope: string };
export type FaultEffectType = FaultEffect['type'];
export const FAULT_EFFECT_TYPES: readonly FaultEffectType[] = [
  'latency',
  'status',
  'drop',
  'token_expired',
  'revoke_scope',
];

export type FaultTrigger =
  /** Every matching request. */
  | { readonly type: 'always' }
  /** Only the `n`th matching request (1 = the first after the rule was created). */
  | { readonly type: 'nth'; readonly n: number }
  /** The first `count` matching requests. */
  | { readonly type: 'next'; readonly count: number }
  /** Each matching request with probability `p`, drawn from `seed` and the request's ordinal. */
  | { readonly type: 'probability'; readonly p: number; readonly seed: number };
export type FaultTriggerType = FaultTrigger['type'];
export const FAULT_TRIGGER_TYPES: readonly FaultTriggerType[] = ['always', 'nth', 'next', 'probability'];

export interface FaultRuleSpec {
  readonly route: FaultRoute;
  /** REST only: a glob on the path below the REST base URI (`*` within a segment, `**` across). */
  readonly path?: string;
  /** REST only: the HTTP method. */
  readonly method?: (typeof REST_METHODS)[number];
  /** SOAP only: the operation. */
  readonly action?: SoapAction;
  readonly clientId?: string;
  readonly effect: FaultEffect;
  readonly trigger: FaultTrigger;
}

/** A stored rule: its spec, and how many requests it matched and fired on (over all instances). */
export interface FaultRule extends FaultRuleSpec {
  readonly id: string;
  readonly createdAt: number;
  readonly matched: number;
  readonly fired: number;
}

export const MAX_LATENCY_MS = 120_000;
export const MAX_COUNT = 1_000_000_000;
export const MAX_PATH_LENGTH = 500;
/** Seeds are unsigned 32-bit integers. */
export const MAX_SEED = 0xffff_ffff;

/** A rule that cannot be stored; `field` is the path of the offending value (`effect.status`). */
export class InvalidFaultRule extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'InvalidFaultRule';
    this.field = field;
  }
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeys(value: Json, field: string, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new InvalidFaultRule(
        field ? `${field}.${key}` : key,
        `unknown property (allowed: ${allowed.join(', ')})`,
      );
    }
  }
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidFaultRule(field, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function integer(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidFaultRule(field, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** Printable ASCII without spaces: what client ids, paths and globs are made of. */
const TOKEN_TEXT = /^[\x21-\x7e]+$/;

function parseEffect(value: unknown, route: FaultRoute): FaultEffect {
  if (!isObject(value)) throw new InvalidFaultRule('effect', 'must be an object with a "type"');
  const type = oneOf(value.type, 'effect.type', FAULT_EFFECT_TYPES);
  const bearerOnly = route === 'rest' || route === 'soap';
  switch (type) {
    case 'latency':
      checkKeys(value, 'effect', ['type', 'ms']);
      return { type, ms: integer(value.ms, 'effect.ms', 1, MAX_LATENCY_MS) };
    case 'status':
      checkKeys(value, 'effect', ['type', 'status']);
      return { type, status: integer(value.status, 'effect.status', 400, 599) };
    case 'drop':
      checkKeys(value, 'effect', ['type']);
      return { type };
    case 'token_expired':
      checkKeys(value, 'effect', ['type']);
      if (!bearerOnly) {
        throw new InvalidFaultRule('effect.type', 'token_expired applies to the rest and soap routes only');
      }
      return { type };
    case 'revoke_scope': {
      checkKeys(value, 'effect', ['type', 'scope']);
      if (!bearerOnly) {
        throw new InvalidFaultRule('effect.type', 'revoke_scope applies to the rest and soap routes only');
      }
      const scope = value.scope;
      if (typeof scope !== 'string' || !isKnownScope(scope)) {
        throw new InvalidFaultRule(
          'effect.scope',
          'must be a scope of the catalogue (e.g. data_extensions_read)',
        );
      }
      return { type, scope };
    }
  }
}

function parseTrigger(value: unknown, randomSeed: () => number): FaultTrigger {
  if (value === undefined) return { type: 'always' };
  if (!isObject(value)) throw new InvalidFaultRule('trigger', 'must be an object with a "type"');
  const type = oneOf(value.type, 'trigger.type', FAULT_TRIGGER_TYPES);
  switch (type) {
    case 'always':
      checkKeys(value, 'trigger', ['type']);
      return { type };
    case 'nth':
      checkKeys(value, 'trigger', ['type', 'n']);
      return { type, n: integer(value.n, 'trigger.n', 1, MAX_COUNT) };
    case 'next':
      checkKeys(value, 'trigger', ['type', 'count']);
      return { type, count: integer(value.count, 'trigger.count', 1, MAX_COUNT) };
    case 'probability': {
      checkKeys(value, 'trigger', ['type', 'p', 'seed']);
      const p = value.p;
      if (typeof p !== 'number' || !Number.isFinite(p) || p <= 0 || p > 1) {
        throw new InvalidFaultRule('trigger.p', 'must be a number above 0 and at most 1');
      }
      const seed = value.seed === undefined ? randomSeed() : integer(value.seed, 'trigger.seed', 0, MAX_SEED);
      return { type, p, seed };
    }
  }
}

/** `/data/v1/**`: a path below the REST base URI, with `*` and `**` wildcards. */
function parsePathGlob(value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_PATH_LENGTH || !TOKEN_TEXT.test(value)) {
    throw new InvalidFaultRule('path', `must be a path of at most ${MAX_PATH_LENGTH} printable characters`);
  }
  if (!value.startsWith('/')) throw new InvalidFaultRule('path', 'must start with "/" (e.g. /data/v1/**)');
  if (value.includes('?')) throw new InvalidFaultRule('path', 'matches the path only: leave out the query');
  if (/\*{3,}/.test(value)) throw new InvalidFaultRule('path', 'use * (one segment) or ** (any depth)');
  return value;
}

/**
 * Untrusted input → a rule spec, or {@link InvalidFaultRule} naming the field. A probability
 * trigger without a seed gets one from `randomSeed`, so the stored rule is reproducible.
 */
export function parseFaultRule(input: unknown, randomSeed: () => number): FaultRuleSpec {
  if (!isObject(input)) throw new InvalidFaultRule('rule', 'must be an object');
  checkKeys(input, '', ['route', 'path', 'method', 'action', 'clientId', 'effect', 'trigger']);
  const route = oneOf(input.route, 'route', FAULT_ROUTES);
  if (route !== 'rest') {
    if (input.path !== undefined) throw new InvalidFaultRule('path', 'applies to the rest route only');
    if (input.method !== undefined) throw new InvalidFaultRule('method', 'applies to the rest route only');
  }
  if (route !== 'soap' && input.action !== undefined) {
    throw new InvalidFaultRule('action', 'applies to the soap route only');
  }
  const spec: {
    route: FaultRoute;
    path?: string;
    method?: (typeof REST_METHODS)[number];
    action?: SoapAction;
    clientId?: string;
  } = { route };
  if (input.path !== undefined) spec.path = parsePathGlob(input.path);
  if (input.method !== undefined) spec.method = oneOf(input.method, 'method', REST_METHODS);
  if (input.action !== undefined) spec.action = oneOf(input.action, 'action', SOAP_ACTIONS);
  if (input.clientId !== undefined) {
    const clientId = input.clientId;
    if (typeof clientId !== 'string' || clientId.length > 200 || !TOKEN_TEXT.test(clientId)) {
      throw new InvalidFaultRule('clientId', 'must be a client id (printable, at most 200 characters)');
    }
    spec.clientId = clientId;
  }
  const effect = parseEffect(input.effect, route);
  const trigger = parseTrigger(input.trigger, randomSeed);
  return { ...spec, effect, trigger };
}
