import { child, children, textOf, xsiTypeOf } from './parse-soap-xml.js';

/** A Retrieve the caller got wrong: reported as `OverallStatus` "Error: …", not as a fault. */
export class RetrieveError extends Error {}

/**
 * A request Marketing Cloud's XML deserializer would refuse (a value outside an enumeration):
 * answered as a `soap:Client` fault, as Marketing Cloud does, not as an `OverallStatus`.
 */
export class FilterFault extends Error {}

/** The `SimpleOperators` a Retrieve filter may use (Marketing Cloud's SimpleFilterPart page). */
export const SIMPLE_OPERATORS = [
  'equals',
  'notEquals',
  'greaterThan',
  'lessThan',
  'greaterThanOrEqual',
  'lessThanOrEqual',
  'isNull',
  'isNotNull',
  'IN',
  'between',
  'like',
] as const;
export type SimpleOperator = (typeof SIMPLE_OPERATORS)[number];

/**
 * Operators of the WSDL's `SimpleOperators` enumeration that Packgate does not evaluate: valid
 * XML, so an `OverallStatus` error rather than a fault.
 */
const OTHER_WSDL_OPERATORS = new Set([
  'existsInString',
  'existsInStringAsAWord',
  'notExistsInString',
  'beginsWith',
  'endsWith',
  'contains',
  'notContains',
  'isAnniversary',
  'isNotAnniversary',
  'greaterThanAnniversary',
  'lessThanAnniversary',
]);

export interface SimpleFilter {
  readonly kind: 'simple';
  readonly property: string;
  readonly operator: SimpleOperator;
  /** `Value` texts, or `DateValue` texts when {@link isDate}. */
  readonly values: readonly string[];
  readonly isDate: boolean;
}

export interface ComplexFilter {
  readonly kind: 'complex';
  readonly operator: 'AND' | 'OR';
  /** LeftOperand, RightOperand, then each `AdditionalOperands>Operand`. */
  readonly operands: readonly SoapFilter[];
}

export type SoapFilter = SimpleFilter | ComplexFilter;

/** At most this many conditions in one filter (a 64 KB Retrieve holds about 1 000). */
export const MAX_FILTER_CONDITIONS = 1000;
/** At most this many values in one `IN`. */
export const MAX_IN_VALUES = 1000;

const SIMPLE = new Set<string>(SIMPLE_OPERATORS);

/**
 * Parses a Retrieve's `Filter` into a tree: `SimpleFilterPart` (every documented operator, with
 * `Value` or `DateValue`) and `ComplexFilterPart` (`AND`/`OR`, nested, with `AdditionalOperands`).
 * The part's kind is its `xsi:type`, or its shape when the type is absent.
 */
export function parseSoapFilter(filter: unknown): SoapFilter | undefined {
  if (filter === undefined) return undefined;
  const counter = { conditions: 0 };
  return parsePart(filter, counter);
}

function parsePart(part: unknown, counter: { conditions: number }): SoapFilter {
  const type = xsiTypeOf(part);
  const isComplex =
    type === 'ComplexFilterPart' || (type === undefined && child(part, 'LeftOperand') !== undefined);
  if (type !== undefined && type !== 'ComplexFilterPart' && type !== 'SimpleFilterPart') {
    throw new FilterFault(
      `The filter part type ${type} is not valid: use SimpleFilterPart or ComplexFilterPart.`,
    );
  }
  return isComplex ? parseComplex(part, counter) : parseSimple(part, counter);
}

function parseComplex(part: unknown, counter: { conditions: number }): ComplexFilter {
  const operator = textOf(child(part, 'LogicalOperator'));
  if (operator !== 'AND' && operator !== 'OR') {
    throw new FilterFault(
      `Instance validation error: '${operator ?? ''}' is not a valid value for LogicalOperators.`,
    );
  }
  const left = child(part, 'LeftOperand');
  const right = child(part, 'RightOperand');
  if (left === undefined || right === undefined) {
    throw new RetrieveError('A ComplexFilterPart needs LeftOperand and RightOperand.');
  }
  const additional = children(child(part, 'AdditionalOperands'), 'Operand');
  return {
    kind: 'complex',
    operator,
    operands: [left, right, ...additional].map((p) => parsePart(p, counter)),
  };
}

function parseSimple(part: unknown, counter: { conditions: number }): SimpleFilter {
  counter.conditions += 1;
  if (counter.conditions > MAX_FILTER_CONDITIONS) {
    throw new RetrieveError(`A filter holds at most ${MAX_FILTER_CONDITIONS} SimpleFilterParts.`);
  }
  // `Property` is a repeating element elsewhere (DataExtensionObject), so it parses as a list.
  const property = textOf(children(part, 'Property')[0]);
  if (!property) throw new RetrieveError('A SimpleFilterPart needs a Property.');
  const operator = textOf(child(part, 'SimpleOperator'));
  if (operator === undefined || operator === '') {
    throw new RetrieveError(`The SimpleFilterPart on ${property} needs a SimpleOperator.`);
  }
  if (!SIMPLE.has(operator)) {
    if (OTHER_WSDL_OPERATORS.has(operator)) {
      throw new RetrieveError(
        `The ${operator} operator is not supported in Retrieve filters: use ${SIMPLE_OPERATORS.join(', ')}.`,
      );
    }
    throw new FilterFault(
      `Instance validation error: '${operator}' is not a valid value for SimpleOperators.`,
    );
  }
  const op = operator as SimpleOperator;
  const textValues = children(part, 'Value').map((v) => textOf(v));
  const dateValues = children(part, 'DateValue').map((v) => textOf(v));
  if ([...textValues, ...dateValues].some((v) => v === undefined)) {
    throw new RetrieveError(`The SimpleFilterPart on ${property} has a Value that is not text.`);
  }
  const isDate = dateValues.length > 0;
  if (isDate && textValues.length > 0) {
    throw new RetrieveError(`The SimpleFilterPart on ${property} has both Value and DateValue: use one.`);
  }
  const values = (isDate ? dateValues : textValues) as string[];
  if (op === 'isNull' || op === 'isNotNull') {
    // Marketing Cloud ignores any value given with these two.
    return { kind: 'simple', property, operator: op, values: [], isDate: false };
  }
  if (op === 'between' && values.length !== 2) {
    throw new RetrieveError(`The between operator on ${property} requires two Values; got ${values.length}.`);
  }
  if (op === 'IN' && (values.length === 0 || values.length > MAX_IN_VALUES)) {
    throw new RetrieveError(
      values.length === 0
        ? `The IN operator on ${property} requires at least one Value.`
        : `The IN operator on ${property} takes at most ${MAX_IN_VALUES} Values; got ${values.length}.`,
    );
  }
  if (op !== 'between' && op !== 'IN' && values.length !== 1) {
    throw new RetrieveError(
      values.length === 0
        ? 'A SimpleFilterPart needs Property and Value.'
        : `The ${op} operator on ${property} takes one Value; got ${values.length}.`,
    );
  }
  if (isDate) {
    for (const v of values) {
      if (parseDateValue(v) === undefined)
        throw new RetrieveError(`The DateValue "${v}" on ${property} is not an xsd:dateTime.`);
    }
  }
  return { kind: 'simple', property, operator: op, values, isDate };
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * An `xsd:dateTime` (or date) as epoch milliseconds, seconds precision. Without an offset the
 * time is Marketing Cloud's server time, Central Standard Time without daylight saving (UTC−6).
 */
export function parseDateValue(text: string): number | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const local = Date.UTC(y, mo - 1, d, h, mi, s);
  if (new Date(local).getUTCDate() !== d) return undefined;
  const zone = m[7];
  const offsetMinutes =
    zone === undefined
      ? -6 * 60
      : zone === 'Z'
        ? 0
        : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  return local - offsetMinutes * 60_000;
}

/** Every property a filter names (to check them against the object's filterable ones). */
export function propertiesOfFilter(filter: SoapFilter | undefined): string[] {
  if (!filter) return [];
  return filter.kind === 'simple' ? [filter.property] : filter.operands.flatMap(propertiesOfFilter);
}

/**
 * True when `value` is a filter tree {@link parseSoapFilter} could have made (a ContinueRequest
 * id carries one back from the caller: every node is checked before it is trusted).
 */
export function isSoapFilter(value: unknown, budget = { conditions: 0, depth: 0 }): value is SoapFilter {
  if (typeof value !== 'object' || value === null) return false;
  const node = value as Record<string, unknown>;
  if (node.kind === 'complex') {
    if (node.operator !== 'AND' && node.operator !== 'OR') return false;
    if (!Array.isArray(node.operands) || node.operands.length < 2) return false;
    if (++budget.depth > MAX_FILTER_CONDITIONS) return false;
    return node.operands.every((o) => isSoapFilter(o, budget));
  }
  if (node.kind !== 'simple') return false;
  if (++budget.conditions > MAX_FILTER_CONDITIONS) return false;
  return (
    typeof node.property === 'string' &&
    node.property !== '' &&
    typeof node.operator === 'string' &&
    SIMPLE.has(node.operator) &&
    typeof node.isDate === 'boolean' &&
    Array.isArray(node.values) &&
    node.values.length <= MAX_IN_VALUES &&
    node.values.every((v) => typeof v === 'string')
  );
}
