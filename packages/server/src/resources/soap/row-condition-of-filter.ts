import type {
  DataExtension,
  DataExtensionField,
  RowCondition,
} from '../../storage/data-extension-records.js';
import { normalizeFieldValue } from '../data-extensions/field-values.js';
import { fieldIndex } from '../data-extensions/prepare-row.js';
import type { EqualityClause } from '../data-extensions/row-query.js';
import { isCaseInsensitive, sortKeyTextOf, termOf } from '../data-extensions/row-terms.js';
import { RetrieveError, type SimpleFilter, type SoapFilter } from './soap-filter.js';

/**
 * A Retrieve filter over a Data Extension's rows, for the database: equality joined by `AND`
 * takes the indexed path REST's `$filter` takes (the first clause reads the index in insertion
 * order); anything else becomes a {@link RowCondition}, still answered by the database over the
 * rows' terms, never by reading the rows into memory.
 */
export type RowFilter =
  | { readonly kind: 'equals'; readonly clauses: readonly EqualityClause[] }
  | { readonly kind: 'condition'; readonly condition: RowCondition };

export function rowFilterOf(de: DataExtension, filter: SoapFilter | undefined): RowFilter {
  if (!filter) return { kind: 'equals', clauses: [] };
  const fields = fieldIndex(de);
  const fieldOf = (name: string): DataExtensionField => {
    const field = fields.get(name.toLowerCase());
    if (!field) throw new RetrieveError(`The column [${name}] does not exist in data extension ${de.key}.`);
    return field;
  };
  const equalities = equalityLeaves(filter);
  if (equalities) {
    return {
      kind: 'equals',
      clauses: equalities.map((leaf) => {
        const field = fieldOf(leaf.property);
        return { field, value: storedValueOf(field, leaf.values[0] ?? '') };
      }),
    };
  }
  return { kind: 'condition', condition: conditionOf(filter, fieldOf) };
}

/** The leaves when the filter is only `equals` joined by `AND`, else undefined. */
function equalityLeaves(filter: SoapFilter): SimpleFilter[] | undefined {
  if (filter.kind === 'simple') return filter.operator === 'equals' ? [filter] : undefined;
  if (filter.operator !== 'AND') return undefined;
  const leaves: SimpleFilter[] = [];
  for (const operand of filter.operands) {
    const more = equalityLeaves(operand);
    if (!more) return undefined;
    leaves.push(...more);
  }
  return leaves;
}

/** A filter value in the form the column stores (checked by the column's type), or null. */
function storedValueOf(field: DataExtensionField, text: string): string | null {
  const normalized = normalizeFieldValue(field, text);
  if ('problem' in normalized) throw new RetrieveError(`Filter: ${normalized.problem}`);
  return normalized.value;
}

const COMPARISONS = {
  greaterThan: '>',
  lessThan: '<',
  greaterThanOrEqual: '>=',
  lessThanOrEqual: '<=',
} as const;

function conditionOf(filter: SoapFilter, fieldOf: (name: string) => DataExtensionField): RowCondition {
  if (filter.kind === 'complex') {
    return {
      kind: filter.operator === 'AND' ? 'all' : 'any',
      conditions: filter.operands.map((f) => conditionOf(f, fieldOf)),
    };
  }
  const field = fieldOf(filter.property);
  const name = field.name;
  const stored = () => filter.values.map((v) => storedValueOf(field, v));
  switch (filter.operator) {
    case 'isNull':
      return { kind: 'hasValue', field: name, has: false };
    case 'isNotNull':
      return { kind: 'hasValue', field: name, has: true };
    case 'equals':
    case 'IN': {
      const values = stored();
      const terms = values.filter((v): v is string => v !== null).map((v) => termOf(field, v));
      const none: RowCondition[] = values.includes(null)
        ? [{ kind: 'hasValue', field: name, has: false }]
        : [];
      return {
        kind: 'any',
        conditions: [...(terms.length > 0 ? [{ kind: 'in' as const, field: name, terms }] : []), ...none],
      };
    }
    case 'notEquals': {
      const [value] = stored();
      return value === null || value === undefined
        ? { kind: 'hasValue', field: name, has: true }
        : { kind: 'notEquals', field: name, term: termOf(field, value) };
    }
    case 'greaterThan':
    case 'lessThan':
    case 'greaterThanOrEqual':
    case 'lessThanOrEqual': {
      const [value] = stored();
      if (value === null || value === undefined)
        throw new RetrieveError(`The ${filter.operator} operator on ${filter.property} needs a value.`);
      return {
        kind: 'compare',
        field: name,
        operator: COMPARISONS[filter.operator],
        sortKey: sortKeyTextOf(field, value),
      };
    }
    case 'between': {
      const [low, high] = stored();
      if (low === null || high === null || low === undefined || high === undefined)
        throw new RetrieveError(`The between operator on ${filter.property} needs two values.`);
      return {
        kind: 'all',
        conditions: [
          { kind: 'compare', field: name, operator: '>=', sortKey: sortKeyTextOf(field, low) },
          { kind: 'compare', field: name, operator: '<=', sortKey: sortKeyTextOf(field, high) },
        ],
      };
    }
    case 'like': {
      const pattern = filter.values[0] ?? '';
      return {
        kind: 'like',
        field: name,
        pattern: isCaseInsensitive(field) ? pattern.toLowerCase() : pattern,
      };
    }
  }
}
