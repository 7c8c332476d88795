import type { DataExtension, DataExtensionField } from '../../storage/data-extension-records.js';
import { normalizeFieldValue } from './field-values.js';
import { fieldIndex } from './prepare-row.js';

/** `$filter` clauses: `Column eq 'value'`, joined by `and`. */
export interface EqualityClause {
  readonly field: DataExtensionField;
  /** The stored form of the value (compared case-insensitively for text). */
  readonly value: string | null;
}

export interface OrderClause {
  readonly field: DataExtensionField;
  readonly descending: boolean;
}

/** A query the caller got wrong; the message says what and how to fix it. */
export class InvalidRowQuery extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRowQuery';
  }
}

/**
 * A column: bare (`Last-Name`) or, when it holds spaces, in brackets as in SQL (`[First Name]`).
 * Field names never contain `]` (see define-data-extension.ts).
 */
const COLUMN = String.raw`(\[[A-Za-z_][A-Za-z0-9_ -]{0,127}\]|[A-Za-z_][A-Za-z0-9_-]*)`;
const CLAUSE = new RegExp(String.raw`^\s*${COLUMN}\s+eq\s+('(?:[^']|'')*'|[^\s']+)\s*`, 'i');
const ORDER = new RegExp(String.raw`^\s*${COLUMN}(?:\s+(asc|desc))?\s*$`, 'i');
const AND = /^and\s+/i;

const unbracket = (column: string) => (column.startsWith('[') ? column.slice(1, -1) : column);

/** Parses `$filter` (simple equality only, as documented by Packgate). */
export function parseFilter(de: DataExtension, filter: string): EqualityClause[] {
  const fields = fieldIndex(de);
  const clauses: EqualityClause[] = [];
  let rest = filter.trim();
  while (rest.length > 0) {
    const m = CLAUSE.exec(rest);
    if (!m?.[1] || m[2] === undefined) {
      throw new InvalidRowQuery(
        `$filter: use "Column eq 'value'" joined by "and" ([Column Name] for names with spaces); near "${rest.slice(0, 40)}".`,
      );
    }
    const name = unbracket(m[1]);
    const field = fields.get(name.toLowerCase());
    if (!field)
      throw new InvalidRowQuery(`$filter: the column [${name}] does not exist in data extension ${de.key}.`);
    const literal = m[2].startsWith("'") ? m[2].slice(1, -1).replace(/''/g, "'") : m[2];
    const normalized =
      literal.toLowerCase() === 'null' && !m[2].startsWith("'")
        ? { value: null }
        : normalizeFieldValue(field, literal);
    if ('problem' in normalized) throw new InvalidRowQuery(`$filter: ${normalized.problem}`);
    clauses.push({ field, value: normalized.value });
    rest = rest.slice(m[0].length);
    if (rest.length === 0) break;
    const and = AND.exec(rest);
    if (!and) throw new InvalidRowQuery(`$filter: expected "and" near "${rest.slice(0, 40)}".`);
    rest = rest.slice(and[0].length);
    if (rest.length === 0) throw new InvalidRowQuery('$filter: a condition must follow "and".');
  }
  return clauses;
}

/** Parses `$orderBy`: `Column [asc|desc]`, comma-separated. */
export function parseOrderBy(de: DataExtension, orderBy: string): OrderClause[] {
  const fields = fieldIndex(de);
  return orderBy.split(',').map((part) => {
    const m = ORDER.exec(part);
    if (!m?.[1])
      throw new InvalidRowQuery(
        `$orderBy: use "Column [asc|desc]", comma-separated ([Column Name] for names with spaces); got "${part.trim()}".`,
      );
    const name = unbracket(m[1]);
    const field = fields.get(name.toLowerCase());
    if (!field)
      throw new InvalidRowQuery(`$orderBy: the column [${name}] does not exist in data extension ${de.key}.`);
    return { field, descending: m[2]?.toLowerCase() === 'desc' };
  });
}
