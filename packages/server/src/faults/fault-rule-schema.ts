import { Type } from 'typebox';
import {
  FAULT_EFFECT_TYPES,
  FAULT_ROUTES,
  FAULT_TRIGGER_TYPES,
  REST_METHODS,
  SOAP_ACTIONS,
} from './fault-rule.js';

const literals = (values: readonly string[]) => Type.Unsafe<string>({ type: 'string', enum: [...values] });

/**
 * The shape is documented here; every rule is checked by `parseFaultRule` (faults/fault-rule.ts),
 * the one validation shared with the seed file, so `effect` and `trigger` are open objects here.
 */
const FaultEffectBody = Type.Object(
  {
    type: literals(FAULT_EFFECT_TYPES),
    ms: Type.Optional(Type.Integer({ description: 'latency: milliseconds added (1–120000)' })),
    status: Type.Optional(Type.Integer({ description: 'status: the HTTP status (400–599)' })),
    scope: Type.Optional(Type.String({ description: 'revoke_scope: the scope the request lacks' })),
  },
  { additionalProperties: true },
);
const FaultTriggerBody = Type.Object(
  {
    type: literals(FAULT_TRIGGER_TYPES),
    n: Type.Optional(Type.Integer({ description: 'nth: fire on the nth matching request only' })),
    count: Type.Optional(Type.Integer({ description: 'next: fire on the first count matching requests' })),
    p: Type.Optional(Type.Number({ description: 'probability: chance per matching request (0 < p ≤ 1)' })),
    seed: Type.Optional(Type.Integer({ description: 'probability: generator seed (0–4294967295)' })),
  },
  { additionalProperties: true },
);
const ruleFields = {
  route: literals(FAULT_ROUTES),
  path: Type.Optional(
    Type.String({ description: 'rest: glob below the REST base URI (* one segment, ** any)' }),
  ),
  method: Type.Optional(literals(REST_METHODS)),
  action: Type.Optional(literals(SOAP_ACTIONS)),
  clientId: Type.Optional(Type.String()),
  effect: FaultEffectBody,
};
export const CreateFaultRuleRequest = Type.Object(
  { ...ruleFields, trigger: Type.Optional(FaultTriggerBody) },
  { additionalProperties: false },
);
export const FaultRuleBody = Type.Object({
  id: Type.String(),
  ...ruleFields,
  trigger: FaultTriggerBody,
  createdAt: Type.String({ format: 'date-time' }),
  matched: Type.Integer({ description: 'Requests that matched the rule (all instances)' }),
  fired: Type.Integer({ description: 'Requests the rule fired on (all instances)' }),
});
