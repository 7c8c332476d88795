import { parseDateValue, RetrieveError, type SimpleFilter, type SoapFilter } from './soap-filter.js';

/** How a metadata object's property is compared in a filter. */
export type PropertyType = 'Text' | 'Number' | 'Boolean' | 'Date';

/** A property's value as an object holds it: dates as epoch milliseconds, no value as null. */
export type PropertyValue = string | number | boolean | null;

export interface TypedValue {
  readonly type: PropertyType;
  readonly value: PropertyValue;
}

/**
 * The meaning of a Retrieve filter over metadata objects (folders, Data Extension definitions,
 * fields, business units, templates), in memory: SQL's, as Marketing Cloud runs it — text
 * compared ignoring case, a comparison with no value is false (so `notEquals` skips empty
 * properties), `like` with `%` and `_`. `propertyOf` returns undefined for a property the
 * object cannot be filtered on; that is the caller's error, named in the message.
 */
export function matchSoapFilter(
  filter: SoapFilter | undefined,
  propertyOf: (name: string) => TypedValue | undefined,
  objectType: string,
): boolean {
  if (!filter) return true;
  if (filter.kind === 'complex') {
    return filter.operator === 'AND'
      ? filter.operands.every((f) => matchSoapFilter(f, propertyOf, objectType))
      : filter.operands.some((f) => matchSoapFilter(f, propertyOf, objectType));
  }
  const property = propertyOf(filter.property);
  if (!property) {
    throw new RetrieveError(
      `The Filter Property ${filter.property} does not match with the fields of ${objectType} retrieve.`,
    );
  }
  return matchSimple(filter, property);
}

/** Checks every value of the filter can be compared with its property (before any object is read). */
export function checkSoapFilter(
  filter: SoapFilter | undefined,
  propertyOf: (name: string) => TypedValue | undefined,
  objectType: string,
): void {
  if (!filter) return;
  if (filter.kind === 'complex') {
    for (const f of filter.operands) checkSoapFilter(f, propertyOf, objectType);
    return;
  }
  const property = propertyOf(filter.property);
  if (!property) {
    throw new RetrieveError(
      `The Filter Property ${filter.property} does not match with the fields of ${objectType} retrieve.`,
    );
  }
  for (const v of filter.values) comparable(property.type, v, filter);
}

/** A filter value in the property's terms: a number, a boolean, epoch ms, or lower-cased text. */
function comparable(type: PropertyType, text: string, filter: SimpleFilter): string | number | boolean {
  if (filter.operator === 'like') return text.toLowerCase();
  switch (type) {
    case 'Text':
      return text.toLowerCase();
    case 'Number': {
      const n = Number(text.trim());
      if (text.trim() === '' || !Number.isFinite(n))
        throw new RetrieveError(`The value "${text}" for ${filter.property} is not a number.`);
      return n;
    }
    case 'Boolean': {
      const t = text.trim().toLowerCase();
      if (t === 'true' || t === '1') return true;
      if (t === 'false' || t === '0') return false;
      throw new RetrieveError(`The value "${text}" for ${filter.property} is not a boolean (true or false).`);
    }
    case 'Date': {
      const ms = parseDateValue(text);
      if (ms === undefined)
        throw new RetrieveError(`The value "${text}" for ${filter.property} is not a date (use DateValue).`);
      return ms;
    }
  }
}

function held(property: TypedValue): string | number | boolean | null {
  const { type, value } = property;
  if (value === null || value === '') return null;
  if (type === 'Text') return String(value).toLowerCase();
  return value;
}

/** SQL LIKE: `%` any run, `_` one character, `\` escapes; compared ignoring case. */
export function likePatternToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) {
      source += (pattern[++i] as string).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else if (c === '%') source += '[\\s\\S]*';
    else if (c === '_') source += '[\\s\\S]';
    else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'iu');
}

function matchSimple(filter: SimpleFilter, property: TypedValue): boolean {
  const value = held(property);
  if (filter.operator === 'isNull') return value === null;
  if (filter.operator === 'isNotNull') return value !== null;
  if (value === null) return false;
  const values = filter.values.map((v) => comparable(property.type, v, filter));
  const [first, second] = values as [string | number | boolean, string | number | boolean];
  switch (filter.operator) {
    case 'equals':
      return value === first;
    case 'notEquals':
      return value !== first;
    case 'IN':
      return values.includes(value);
    case 'greaterThan':
      return value > first;
    case 'lessThan':
      return value < first;
    case 'greaterThanOrEqual':
      return value >= first;
    case 'lessThanOrEqual':
      return value <= first;
    case 'between':
      return value >= first && value <= second;
    case 'like':
      return likePatternToRegExp(String(first)).test(String(property.value));
  }
}
